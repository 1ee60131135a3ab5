import { describe, expectTypeOf, it } from 'vitest';
import * as sqlite from '../schema.ts';
import * as pg from './schema.ts';

type Table = { $inferSelect: unknown; $inferInsert: unknown };

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** True when rows of P pass where rows of S are taken and the reverse, read and inserted. */
type SameRows<P extends Table, S extends Table> = Same<P['$inferSelect'], S['$inferSelect']> extends true ? Same<P['$inferInsert'], S['$inferInsert']> : false;

// The repositories hand callers plain rows whichever dialect stands behind them: each PostgreSQL
// table must read and write the same shapes as its SQLite twin. Checked by the type checker (`pnpm lint`).
describe('PostgreSQL tables', () => {
  it('read and write the same row shapes as the SQLite tables', () => {
    expectTypeOf<SameRows<typeof pg.graphs, typeof sqlite.graphs>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.runs, typeof sqlite.runs>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.runLogs, typeof sqlite.runLogs>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.checkpoints, typeof sqlite.checkpoints>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.watermarks, typeof sqlite.watermarks>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.bronzeParts, typeof sqlite.bronzeParts>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.bronzeSchemas, typeof sqlite.bronzeSchemas>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.credentials, typeof sqlite.credentials>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.bucketEvents, typeof sqlite.bucketEvents>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.bucketEventRuns, typeof sqlite.bucketEventRuns>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.hookRequests, typeof sqlite.hookRequests>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.users, typeof sqlite.users>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.apiTokens, typeof sqlite.apiTokens>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.sessions, typeof sqlite.sessions>>().toEqualTypeOf<true>();
    expectTypeOf<SameRows<typeof pg.loginTokens, typeof sqlite.loginTokens>>().toEqualTypeOf<true>();
  });
});
