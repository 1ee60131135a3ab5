import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SharedHolds } from '@sluice/sdk';
import { isWriterName } from './part-name.ts';
import { type TableLock, tryLockFile } from './table-lock.ts';

/** Where a table's writers are told apart: its URI (the shared holds' names) and its lock file (`openStorage`). */
export interface TableWriterPlace {
  tableUri: string;
  lockPath: string;
}

/** A writer's lock file beside the table's (`_sluice_writer-<name>.lock` in a local table's folder). */
export const writerLockPath = (lockPath: string, writer: string) => lockPath.replace(/\.lock$/, `-${writer}.lock`);

const holdName = (tableUri: string, writer: string) => `bronze-writer ${tableUri} ${writer}`;

/**
 * Holds `writer` (this opening's name in the parts it writes, `newWriterName`) from the sink's open
 * to its close, so that another writer's clean-up knows it is alive and spares what it has not
 * committed yet (`TableWriters.gone`). Through the store's shared holds when there are (its `fence`
 * then refuses a commit once a clean-up found the writer gone), else a lock file of its own.
 */
export async function holdWriter(table: TableWriterPlace, writer: string, runId: string, holds: SharedHolds | undefined): Promise<TableLock> {
  if (holds) return holds.take(holdName(table.tableUri, writer), { waitMs: 0, once: true });
  const lock = await tryLockFile(writerLockPath(table.lockPath, writer), runId);
  // A name is random per opening: another holder means the same 32 random bits twice.
  if (!lock) throw new Error(`the writer name ${writer} of table ${table.tableUri} is taken; open the table again`);
  return lock;
}

/**
 * The clean-up's view of a table's writers: whether the writer that wrote a file is gone (crashed,
 * killed, or paused past its hold), asked once per writer. A gone writer's hold is taken over and
 * kept until `release`, so that it cannot come back and commit what the clean-up removes; a live
 * one (another run writing the same table now, this one included) is left alone.
 */
export class TableWriters {
  private readonly seen = new Map<string, Promise<TableLock | undefined>>();

  constructor(
    private readonly table: TableWriterPlace,
    private readonly holds: SharedHolds | undefined,
    private readonly runId: string,
  ) {}

  async gone(writer: string): Promise<boolean> {
    let taken = this.seen.get(writer);
    if (!taken) {
      taken = this.holds
        ? this.holds.tryTake(holdName(this.table.tableUri, writer), { once: true })
        : tryLockFile(writerLockPath(this.table.lockPath, writer), this.runId);
      this.seen.set(writer, taken);
    }
    return (await taken) !== undefined;
  }

  /**
   * Asks about every writer the table's holds know of (a lease of the store, or a lock file beside
   * the table's), so that the hold of a writer that died before writing anything goes too (at
   * `release`).
   */
  async sweep(): Promise<void> {
    for (const writer of await this.known()) if (isWriterName(writer)) await this.gone(writer);
  }

  private async known(): Promise<string[]> {
    if (this.holds) {
      const prefix = holdName(this.table.tableUri, '');
      return (await this.holds.names(prefix)).map((name) => name.slice(prefix.length));
    }
    const base = basename(this.table.lockPath).replace(/\.lock$/, '-');
    const names = await readdir(dirname(this.table.lockPath)).catch(() => [] as string[]);
    return names.filter((name) => name.startsWith(base) && name.endsWith('.lock')).map((name) => name.slice(base.length, -'.lock'.length));
  }

  /** Gives up the holds of the gone writers taken over (their names are never taken again). */
  async release(): Promise<void> {
    const taken = await Promise.allSettled(this.seen.values());
    this.seen.clear();
    for (const t of taken) if (t.status === 'fulfilled') await t.value?.release();
  }
}
