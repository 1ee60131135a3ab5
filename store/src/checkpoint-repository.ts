import type { CheckpointStatus, CheckpointWriter } from '@sluice/sdk';
import { and, asc, count, eq, lt, type SQL } from 'drizzle-orm';
import { CheckpointPutBuffer } from './checkpoint-put-buffer.ts';
import { checkpointStatements } from './checkpoint-statements.ts';
import type { CheckpointRow } from './db/checkpoints-table.ts';
import type { Page } from './page.ts';
import type { StoreDb } from './store-db.ts';
import { holdsNul, refuseNul, withoutNul } from './storable-text.ts';

/**
 * One graph's checkpoints (CheckpointRepository.forGraph): the sdk's writer, and where puts are held
 * back to the end of their transaction level (PostgreSQL, checkpoint-put-buffer.ts) `level`, through
 * which the node store opens each of its transactions and savepoints.
 */
export interface GraphCheckpoints extends CheckpointWriter {
  /** Opens a transaction level with `open` (a transaction or savepoint around its body) for `fn`; absent where puts are written at once (SQLite). */
  level?<T>(open: (body: () => Promise<T>) => Promise<T>, fn: () => Promise<T> | T): Promise<T>;
}

export interface CheckpointFilter {
  sourceNode?: string;
  key?: string;
  status?: CheckpointStatus;
}

/**
 * Tables `checkpoints` and `watermarks`, and no other: listing and resets for the API, and
 * `forGraph`, the sdk's CheckpointWriter that nodes reach through NodeStore and StoreTx. A key
 * holding U+0000 is refused (storable-text.ts); a record's error keeps a NUL as `\0`.
 */
export class CheckpointRepository {
  constructor(private readonly c: StoreDb) {}

  /**
   * One graph's checkpoints as nodes see them. The per-file look-ups and upsert are the dialect's
   * (checkpoint-statements.ts: prepared once per call, one per node store, on SQLite); on
   * PostgreSQL a transaction level's puts are written together at its end (CheckpointPutBuffer).
   */
  forGraph(graphId: string): GraphCheckpoints {
    const { c } = this;
    const { checkpoints, watermarks } = c.t;
    const s = checkpointStatements(c, graphId);
    const storable = (key: string) => !holdsNul(key);
    const buffer = s.putMany && new CheckpointPutBuffer(s.putMany);
    return {
      ...(buffer ? { level: (open, fn) => buffer.level(open, fn) } : {}),
      async get(sourceNode, key) {
        if (!storable(key)) return undefined;
        if (buffer) await buffer.beforeRead(sourceNode, [key]);
        return s.get(sourceNode, key);
      },
      getMany: async (sourceNode, keys) => {
        const distinct = [...new Set(keys)].filter(storable);
        if (buffer) await buffer.beforeRead(sourceNode, distinct);
        return s.getMany(sourceNode, distinct);
      },
      async getWatermark(sourceNode) {
        const [row] = await c.run(() =>
          c
            .db()
            .select({ at: watermarks.at })
            .from(watermarks)
            .where(and(eq(watermarks.graphId, graphId), eq(watermarks.sourceNode, sourceNode))),
        );
        return row?.at;
      },
      async put(record) {
        // A node store belongs to one graph: writing another graph's record is a bug, not a feature.
        if (record.graphId !== graphId) throw new Error(`checkpoint for graph "${record.graphId}" written through the store of graph "${graphId}"`);
        refuseNul('checkpoint key', record.key);
        const stored = record.error !== null && holdsNul(record.error) ? { ...record, error: withoutNul(record.error) } : record;
        if (!buffer?.put(stored)) await s.put(stored);
      },
      async prune(sourceNode, before) {
        await buffer?.flush();
        const gone = await c.run(() =>
          c
            .db()
            .delete(checkpoints)
            .where(
              and(
                eq(checkpoints.graphId, graphId),
                eq(checkpoints.sourceNode, sourceNode),
                eq(checkpoints.status, 'processed'),
                lt(checkpoints.modifiedAt, before.modifiedBefore),
                lt(checkpoints.updatedAt, before.updatedBefore),
              ),
            )
            .returning({ key: checkpoints.key }),
        );
        return gone.length;
      },
      async setWatermark(sourceNode, at) {
        await c.run(() =>
          c
            .db()
            .insert(watermarks)
            .values({ graphId, sourceNode, at })
            .onConflictDoUpdate({ target: [watermarks.graphId, watermarks.sourceNode], set: { at } }),
        );
      },
    };
  }

  async list(graphId: string, filter: CheckpointFilter, limit: number, offset: number): Promise<Page<CheckpointRow>> {
    const { checkpoints } = this.c.t;
    const where = this.where(graphId, filter);
    if (!where) return { items: [], total: 0, limit, offset };
    return this.c.run(async () => {
      const items = await this.c
        .db()
        .select()
        .from(checkpoints)
        .where(where)
        .orderBy(asc(checkpoints.sourceNode), asc(checkpoints.key))
        .limit(limit)
        .offset(offset);
      const [total] = await this.c.db().select({ n: count() }).from(checkpoints).where(where);
      return { items, total: total?.n ?? 0, limit, offset };
    });
  }

  /**
   * Forgets records so that their files are processed again. A reset without a key or status also
   * drops the source's watermark: otherwise incremental sources would still skip the older files.
   */
  async reset(graphId: string, filter: CheckpointFilter): Promise<number> {
    const { checkpoints, watermarks } = this.c.t;
    const where = this.where(graphId, filter);
    if (!where) return 0;
    return this.c.atomic(async () => {
      const gone = await this.c.db().delete(checkpoints).where(where).returning({ key: checkpoints.key });
      if (filter.key === undefined && filter.status === undefined) {
        const w: SQL[] = [eq(watermarks.graphId, graphId)];
        if (filter.sourceNode !== undefined) w.push(eq(watermarks.sourceNode, filter.sourceNode));
        await this.c
          .db()
          .delete(watermarks)
          .where(and(...w));
      }
      return gone.length;
    });
  }

  /** The filter's rows; undefined when none can match (a key holding NUL is never stored). */
  private where(graphId: string, f: CheckpointFilter): SQL | undefined {
    const { checkpoints } = this.c.t;
    if (f.key !== undefined && holdsNul(f.key)) return undefined;
    const w: SQL[] = [eq(checkpoints.graphId, graphId)];
    if (f.sourceNode !== undefined) w.push(eq(checkpoints.sourceNode, f.sourceNode));
    if (f.key !== undefined) w.push(eq(checkpoints.key, f.key));
    if (f.status !== undefined) w.push(eq(checkpoints.status, f.status));
    return and(...w) as SQL;
  }
}
