import type { Logger } from '@sluice/sdk';
import { IssueList } from './issue-list.ts';
import { logLevelFromEnv, runLogger } from './run-logger.ts';
import type { NodeStats, RunEvent, RunIssue } from './run-types.ts';

const STATS_INTERVAL_MS = 250;

/**
 * What a run tells while it goes: its errors and warnings (each reported once, kept up to a limit),
 * log lines, file outcomes, and node stats, sent at most every 250 ms and only when something
 * changed, so that counting on the hot path costs a flag and not an event.
 */
export class RunTelemetry {
  readonly errors = new IssueList();
  readonly warnings = new IssueList();
  private readonly logLevel = logLevelFromEnv(process.env.SLUICE_LOG_LEVEL);
  private dirty = true;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly onEvent: ((event: RunEvent) => void) | undefined,
    /** The nodes' stats as they stand (taken when stats are sent). */
    private readonly stats: () => Record<string, NodeStats>,
  ) {}

  /** Something a stats event shows has changed: the next tick sends one. */
  changed(): void {
    this.dirty = true;
  }

  start(): void {
    this.ticker ??= setInterval(() => this.flush(), STATS_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  report(kind: 'error' | 'warning', issue: Omit<RunIssue, 'at'>): void {
    const full = { at: new Date().toISOString(), ...issue };
    if ((kind === 'error' ? this.errors : this.warnings).add(full)) this.event({ type: kind, issue: full });
  }

  /** A node's logger, its lines stamped with the node (and the file, when given). */
  logger(node: string, file?: string): Logger {
    return runLogger((line) => this.event({ type: 'log', line }), this.logLevel, node, file);
  }

  /** A line the executor itself logs about a node's file. */
  log(level: 'info' | 'error', node: string, file: string, message: string): void {
    this.event({ type: 'log', line: { at: new Date().toISOString(), level, node, file, message } });
  }

  event(e: RunEvent): void {
    try {
      this.onEvent?.(e);
    } catch {
      // A listener's failure must not fail the run.
    }
  }

  /** Sends a stats event if anything changed since the last. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.event({ type: 'stats', nodes: this.stats() });
  }
}
