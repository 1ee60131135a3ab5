import { AsyncLocalStorage } from 'node:async_hooks';
import type { CheckpointRecord } from '@sluice/sdk';

/** The puts of one transaction level, by source node and key, in the order made. */
type Level = Map<string, CheckpointRecord>;

const idOf = (sourceNode: string, key: string) => `${sourceNode}\0${key}`;

/**
 * Checkpoint puts of a node store held back to the end of their transaction level (the transaction,
 * or the savepoint they were made in) and written there in one statement: where each statement is
 * a round trip (PostgreSQL), a batch of files settling together cost one upsert per file.
 * Nothing else changes: a level's puts are written before it commits or releases, so a put that
 * fails fails the same savepoint it would have failed alone, and a level that rolls back writes
 * none; a parent's puts are written before a nested level starts; a read of a key put in this
 * level, and a prune, write the level first. Repeated puts of one key merge as successive upserts
 * would: the last record, with the first's `firstSeenAt` (the store keeps a stored one anyway).
 */
export class CheckpointPutBuffer {
  private readonly current = new AsyncLocalStorage<Level>();

  constructor(private readonly putMany: (records: readonly CheckpointRecord[]) => Promise<void>) {}

  /**
   * Runs `fn` as one transaction level that `open` opens (the store's transaction, or a savepoint
   * in one): the enclosing level's puts are written first, outside the savepoint (a savepoint that
   * rolls back must not take them along), and this level's at the end of `fn`, inside it.
   */
  async level<T>(open: (body: () => Promise<T>) => Promise<T>, fn: () => Promise<T> | T): Promise<T> {
    const parent = this.current.getStore();
    if (parent) await this.write(parent);
    return open(() => {
      const level: Level = new Map();
      return this.current.run(level, async () => {
        const result = await fn();
        await this.write(level);
        return result;
      });
    });
  }

  /** Holds `record` for the end of the current level; false outside any (the caller writes it at once). */
  put(record: CheckpointRecord): boolean {
    const level = this.current.getStore();
    if (!level) return false;
    const id = idOf(record.sourceNode, record.key);
    const first = level.get(id);
    level.delete(id);
    level.set(id, first ? { ...record, firstSeenAt: first.firstSeenAt } : record);
    return true;
  }

  /** Before a read of `keys`: writes the current level's puts if one of them is among them. */
  async beforeRead(sourceNode: string, keys: readonly string[]): Promise<void> {
    const level = this.current.getStore();
    if (level?.size && keys.some((k) => level.has(idOf(sourceNode, k)))) await this.write(level);
  }

  /** Writes the current level's puts now (before a prune, which must see them). */
  async flush(): Promise<void> {
    const level = this.current.getStore();
    if (level) await this.write(level);
  }

  private async write(level: Level): Promise<void> {
    if (!level.size) return;
    const records = [...level.values()];
    level.clear();
    await this.putMany(records);
  }
}
