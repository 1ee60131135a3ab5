import type { CheckpointStatus } from '@sluice/sdk';
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { checkpoints, type CheckpointRow, watermarks } from './db/checkpoints-table.ts';
import { type DbClient, writeTransaction } from './db-client.ts';
import type { Page } from './page.ts';

export interface CheckpointFilter {
  sourceNode?: string;
  key?: string;
  status?: CheckpointStatus;
}

/** Checkpoints as the API sees them: listing with filters, and resets (the executor uses NodeStore). */
export class CheckpointRepository {
  constructor(private readonly c: DbClient) {}

  list(graphId: string, filter: CheckpointFilter, limit: number, offset: number): Page<CheckpointRow> {
    const where = this.where(graphId, filter);
    const items = this.c.db
      .select()
      .from(checkpoints)
      .where(where)
      .orderBy(asc(checkpoints.sourceNode), asc(checkpoints.key))
      .limit(limit)
      .offset(offset)
      .all();
    const total = this.c.db.select({ n: count() }).from(checkpoints).where(where).get()?.n ?? 0;
    return { items, total, limit, offset };
  }

  /**
   * Forgets records so that their files are processed again. A reset without a key or status also
   * drops the source's watermark: otherwise incremental sources would still skip the older files.
   */
  reset(graphId: string, filter: CheckpointFilter): number {
    return writeTransaction(this.c, () => {
      const n = this.c.db.delete(checkpoints).where(this.where(graphId, filter)).run().changes;
      if (filter.key === undefined && filter.status === undefined) {
        const w: SQL[] = [eq(watermarks.graphId, graphId)];
        if (filter.sourceNode !== undefined) w.push(eq(watermarks.sourceNode, filter.sourceNode));
        this.c.db.delete(watermarks).where(and(...w)).run();
      }
      return n;
    });
  }

  private where(graphId: string, f: CheckpointFilter): SQL | undefined {
    const w: SQL[] = [eq(checkpoints.graphId, graphId)];
    if (f.sourceNode !== undefined) w.push(eq(checkpoints.sourceNode, f.sourceNode));
    if (f.key !== undefined) w.push(eq(checkpoints.key, f.key));
    if (f.status !== undefined) w.push(eq(checkpoints.status, f.status));
    return and(...w);
  }
}
