import { and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import type { RunLogRow } from './db/runs-table.ts';
import type { RunLogLine } from '@sluice/sdk/wire';
import type { StoreDb } from './store-db.ts';

export interface StoredLogLine extends RunLogLine {
  seq: number;
}

const LEVELS = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/** Log lines per run, numbered from 1 so that a reader can resume after the last `seq` it saw. */
export class RunLogRepository {
  constructor(private readonly c: StoreDb) {}

  /**
   * Appends lines in one transaction (callers batch them); returns them with their numbers. Appends
   * to one run take turns (`StoreDb.exclusive`), so that two processes writing one run's log never
   * number two lines alike.
   */
  async append(runId: string, lines: RunLogLine[]): Promise<StoredLogLine[]> {
    if (!lines.length) return [];
    const { runLogs } = this.c.t;
    return this.c.atomic(async () => {
      await this.c.exclusive(`sluice.run_logs:${runId}`);
      const [newest] = await this.c
        .db()
        .select({ seq: max(runLogs.seq) })
        .from(runLogs)
        .where(eq(runLogs.runId, runId));
      const last = newest?.seq ?? 0;
      const rows = lines.map((l, i) => ({
        runId,
        seq: last + i + 1,
        at: new Date(l.at),
        level: l.level,
        node: l.node ?? null,
        file: l.file ?? null,
        message: l.message,
        fields: l.fields ?? null,
      }));
      await this.c.db().insert(runLogs).values(rows);
      return rows.map(toLine);
    });
  }

  /** The number of the run's last line (0 before its first): where a reader that follows new lines starts. */
  async lastSeq(runId: string): Promise<number> {
    const { runLogs } = this.c.t;
    const [newest] = await this.c.run(() =>
      this.c
        .db()
        .select({ seq: max(runLogs.seq) })
        .from(runLogs)
        .where(eq(runLogs.runId, runId)),
    );
    return newest?.seq ?? 0;
  }

  /** Lines after `afterSeq`, oldest first, at `minLevel` or above. */
  async list(runId: string, opts: { afterSeq?: number; limit: number; minLevel?: RunLogLine['level'] }): Promise<StoredLogLine[]> {
    const levels = (Object.keys(LEVELS) as RunLogLine['level'][]).filter((l) => LEVELS[l] >= LEVELS[opts.minLevel ?? 'debug']);
    const { runLogs } = this.c.t;
    const rows = await this.c.run(() =>
      this.c
        .db()
        .select()
        .from(runLogs)
        .where(and(eq(runLogs.runId, runId), gt(runLogs.seq, opts.afterSeq ?? 0), inArray(runLogs.level, levels)))
        .orderBy(asc(runLogs.seq))
        .limit(opts.limit),
    );
    return rows.map(toLine);
  }
}

function toLine(r: RunLogRow): StoredLogLine {
  const line: StoredLogLine = { seq: r.seq, at: r.at.toISOString(), level: r.level, message: r.message };
  if (r.node !== null) line.node = r.node;
  if (r.file !== null) line.file = r.file;
  if (r.fields !== null) line.fields = r.fields;
  return line;
}
