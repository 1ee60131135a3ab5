import type { NodeStats, RunIssue, RunLogLine } from '@sluice/engine';
import type { Store } from '@sluice/store';

const FLUSH_MS = 500;
const MAX_BUFFERED_LINES = 500;
/** Errors and warnings kept live per kind; the executor's final summary replaces them at the end. */
const MAX_LIVE_ISSUES = 500;

/**
 * Writes a running run's figures and logs to the store without a write per event: log lines are
 * appended in batches, stats at most twice a second (the latest wins). `flush` writes what is left.
 * Writes go one after the other, in the order they were taken (a later flush never lands first).
 */
export class RunPersistence {
  private lines: RunLogLine[] = [];
  private stats: Record<string, NodeStats> | undefined;
  private readonly issues = { errors: [] as RunIssue[], warnings: [] as RunIssue[], changed: false };
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly runId: string,
    private readonly onError: (err: unknown) => void,
    /** The run's epoch when a worker of a job queue holds it: progress of a run taken over is not saved. */
    private readonly epoch?: number,
  ) {}

  log(line: RunLogLine): void {
    this.lines.push(line);
    if (this.lines.length >= MAX_BUFFERED_LINES) void this.flush();
    else this.schedule();
  }

  /** An error or warning while the run goes, so that GET /api/runs/:id shows it before the end. */
  issue(kind: 'error' | 'warning', issue: RunIssue): void {
    const list = kind === 'error' ? this.issues.errors : this.issues.warnings;
    if (list.length >= MAX_LIVE_ISSUES) return;
    list.push(issue);
    this.issues.changed = true;
    this.schedule();
  }

  saveStats(nodes: Record<string, NodeStats>): void {
    this.stats = nodes;
    this.schedule();
  }

  /** Writes what is buffered; resolves once it (and every earlier flush) is written. Never rejects: errors go to `onError`. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Taken now, written in turn: what a later flush takes is newer.
    const lines = this.lines.splice(0);
    const progress =
      this.stats || this.issues.changed
        ? { nodes: this.stats, ...(this.issues.changed ? { errors: [...this.issues.errors], warnings: [...this.issues.warnings] } : {}) }
        : undefined;
    this.stats = undefined;
    this.issues.changed = false;
    this.writing = this.writing.then(async () => {
      try {
        if (lines.length) await this.store.runLogs.append(this.runId, lines);
        if (progress) await this.store.runs.saveProgress(this.runId, progress, this.epoch);
      } catch (err) {
        this.onError(err);
      }
    });
    return this.writing;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }
}
