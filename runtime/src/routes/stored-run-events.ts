import { isFinishedRunStatus } from '@sluice/sdk/wire';
import type { Store } from '@sluice/store';
import type { RunStreamEvent } from '../runs/run-event-hub.ts';

/** Log lines read per look at the store. */
const LINES_PER_LOOK = 500;

/**
 * A run's live events as the store has them, for a run another process executes (a worker, or
 * `sluice run`): its stats as saved twice a second, its new errors, warnings and log lines, and
 * its end. The process executing a run tells its own listeners more (every file); this is what
 * any other process can follow.
 */
export class StoredRunEvents {
  private nodes = '';
  private errors = 0;
  private warnings = 0;
  private seq = 0;

  private constructor(
    private readonly store: Store,
    private readonly runId: string,
  ) {}

  /** Starts after what the run has now (the stream's first events say it). */
  static async from(store: Store, runId: string): Promise<StoredRunEvents> {
    const follower = new StoredRunEvents(store, runId);
    const row = await store.runs.get(runId);
    follower.nodes = JSON.stringify(row?.nodes ?? {});
    follower.errors = row?.errors.length ?? 0;
    follower.warnings = row?.warnings.length ?? 0;
    follower.seq = await store.runLogs.lastSeq(runId);
    return follower;
  }

  /** What changed since the last look, oldest first; ends with the final status once the run ended (or is gone). */
  async look(): Promise<RunStreamEvent[]> {
    const row = await this.store.runs.get(this.runId);
    const at = new Date().toISOString();
    if (!row) return [{ type: 'status', status: 'cancelled', at }];
    const events: RunStreamEvent[] = [];
    const lines = await this.store.runLogs.list(this.runId, { afterSeq: this.seq, limit: LINES_PER_LOOK, minLevel: 'info' });
    for (const { seq, ...line } of lines) {
      this.seq = seq;
      events.push({ type: 'log', line });
    }
    for (const issue of row.errors.slice(this.errors)) events.push({ type: 'error', issue });
    for (const issue of row.warnings.slice(this.warnings)) events.push({ type: 'warning', issue });
    this.errors = row.errors.length;
    this.warnings = row.warnings.length;
    const nodes = JSON.stringify(row.nodes ?? {});
    if (nodes !== this.nodes) {
      this.nodes = nodes;
      events.push({ type: 'stats', nodes: row.nodes ?? {} });
    }
    if (isFinishedRunStatus(row.status) || row.status === 'queued') events.push({ type: 'status', status: row.status, at });
    return events;
  }
}
