import { bigint, index, pgTable } from 'drizzle-orm/pg-core';
import { moment, text } from './pg-columns.ts';

/**
 * Leases with fencing epochs, PostgreSQL only (several processes share the database; the embedded
 * SQLite store has one process, held by the data folder's lock). A lease names what one process
 * works on at a time (the leader's role, a job, a file version): `holder` has it until `expiresAt`
 * (the server's clock, never a worker's). Each time it passes to another holder `epoch` grows, and a
 * commit made for a lease checks, in its own transaction and under the row's lock, that the epoch is
 * still the one it was given: a holder that lost its lease (paused, cut off, slow) cannot commit.
 */
export const leases = pgTable(
  'leases',
  {
    name: text('name').primaryKey(),
    holder: text('holder').notNull(),
    epoch: bigint('epoch', { mode: 'number' }).notNull(),
    expiresAt: moment('expires_at').notNull(),
  },
  (t) => [index('leases_holder_idx').on(t.holder)],
);

export type LeaseRow = typeof leases.$inferSelect;
