import { Cron } from 'croner';
import { LeaseLostError, type Store } from '@sluice/store';
import { type Leadership, soleLeadership } from '../cluster/leadership.ts';
import { BucketEventLog } from './bucket-events/bucket-event-log.ts';
import { closeFinishedEvents } from './bucket-events/close-finished-events.ts';
import type { GraphTriggers } from './graph-triggers.ts';
import type { RunQueue } from './run-queue.ts';
import { TriggerIndex } from './trigger-index.ts';
import type { PluginLookup, RunBlocker } from './graph-triggers.ts';

export type TimedTriggerKind = 'schedule' | 'poll' | 'backfill';

/** A timed trigger as the scheduler holds it. */
interface Job {
  /** What the job was made from; a different one after a graph edit replaces the job. */
  spec: string;
  nextAt(): Date | undefined;
  stop(): void;
}

export interface ScheduledTrigger {
  graphId: string;
  kind: TimedTriggerKind;
  nextAt: string | null;
}

export interface TickResult {
  graphId: string;
  kind: TimedTriggerKind;
  /** The queued run, or undefined when a listing run of the graph was already waiting or this process does not lead. */
  runId?: string;
  /** Set when the tick queued nothing because another process leads (it queues the run). */
  notLeader?: true;
}

export interface SchedulerOptions {
  store: Pick<Store, 'graphs' | 'runs' | 'bucketEvents' | 'hookRequests' | 'transaction'>;
  queue: RunQueue;
  /** How often graphs are read again for changed triggers and finished runs' events are closed (ms). */
  syncMs?: number;
  log?: (message: string) => void;
  /** Told after every tick (tests, metrics). */
  onTick?: (tick: TickResult) => void;
  /** Days the event and webhook request logs are kept; pruned hourly. Default 30. */
  logRetentionDays?: number;
  /** The installed plugins (what sources watch buckets); timed triggers need none. */
  plugins?: PluginLookup;
  /** Finds the drafts: their timed triggers make no job until they can run. */
  blocker?: RunBlocker;
  /**
   * Whether this process leads the processes sharing the store (cluster/leadership.ts): only the
   * leader's ticks queue runs, fenced in their transaction, and only it closes and prunes the event
   * logs. Default: the sole process of a SQLite store leads.
   */
  leadership?: Leadership;
}

const PRUNE_EVERY_MS = 3600_000;

/**
 * Runs the timed triggers of every graph: cron schedules (croner, with a time zone), polling and
 * backfill listings every N seconds. It re-reads the graphs every `syncMs` (one aggregate query when
 * nothing changed), so an edit made anywhere takes effect within a second. Every tick goes through
 * the durable run queue, and adds nothing while a listing run of the graph is still queued: a
 * stopped worker or a slow run cannot pile runs up. Interval triggers start from the last run of
 * their kind in the store, so a restart neither skips nor doubles one.
 */
export class TriggerScheduler {
  private readonly index: TriggerIndex;
  private readonly jobs = new Map<string, Job>();
  private problems = new Map<string, string[]>();
  /** Jobs that could not be made, by id, with their spec: not retried (nor logged) until the spec changes. */
  private readonly refused = new Map<string, { spec: string; problem: string }>();
  private readonly events: BucketEventLog;
  private timer: NodeJS.Timeout | undefined;
  private prunedAt = 0;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  private readonly leadership: Leadership;

  constructor(private readonly opts: SchedulerOptions) {
    this.leadership = opts.leadership ?? soleLeadership;
    this.index = new TriggerIndex(opts.store.graphs, opts.plugins ?? { get: () => undefined, list: () => [] }, opts.blocker);
    this.events = new BucketEventLog(opts.store);
  }

  /** Resolves once the first sync is done. */
  async start(): Promise<void> {
    this.stopped = false;
    this.timer = setInterval(() => void this.sync(), this.opts.syncMs ?? 1000);
    this.timer.unref();
    await this.sync();
  }

  /** Stops every job; resolves once a sync that was going has ended (it touches the store no more). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    await this.syncing;
  }

  /**
   * Brings the jobs in line with the graphs' settings and closes events whose runs ended. One at a
   * time: a sync asked for while one goes waits for it and runs after it (two would make each
   * job twice).
   */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce());
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped) return;
    try {
      const graphs = await this.index.all();
      // Stopped while the graphs were read: no job may be made after `stop`.
      if (this.stopped) return;
      const wanted = new Map<string, { graph: GraphTriggers; kind: TimedTriggerKind; spec: string }>();
      // Made apart and put in place at the end: `problemsOf` never sees a sync half done.
      const problems = new Map<string, string[]>();
      for (const g of graphs) {
        if (g.problems.length) problems.set(g.graphId, [...g.problems]);
        // A draft's schedule waits (its problem says why) rather than queueing runs that would fail.
        if (g.cannotRun) continue;
        const t = g.triggers;
        if (t.schedule?.enabled)
          wanted.set(`${g.graphId}/schedule`, { graph: g, kind: 'schedule', spec: `${t.schedule.cron}|${t.schedule.timezone ?? 'UTC'}` });
        if (t.poll?.enabled) wanted.set(`${g.graphId}/poll`, { graph: g, kind: 'poll', spec: String(t.poll.everySeconds) });
        if (t.backfill?.enabled) wanted.set(`${g.graphId}/backfill`, { graph: g, kind: 'backfill', spec: String(t.backfill.everySeconds) });
      }
      for (const [id, job] of this.jobs) {
        if (wanted.get(id)?.spec !== job.spec) {
          job.stop();
          this.jobs.delete(id);
        }
      }
      for (const [id, w] of wanted) {
        if (this.jobs.has(id)) continue;
        let refused = this.refused.get(id);
        if (refused?.spec !== w.spec) {
          refused = undefined;
          try {
            const job = await this.makeJob(w.graph.graphId, w.kind, w.spec);
            if (this.stopped) {
              job.stop();
              return;
            }
            this.jobs.set(id, job);
            this.refused.delete(id);
          } catch (err) {
            refused = { spec: w.spec, problem: `settings.triggers.${w.kind}: ${(err as Error).message}` };
            this.refused.set(id, refused);
            this.opts.log?.(`graph ${w.graph.graphId}: ${refused.problem}`);
          }
        }
        if (refused) problems.set(w.graph.graphId, [...(problems.get(w.graph.graphId) ?? []), refused.problem]);
      }
      this.problems = problems;
      if (this.leadership.leading()) {
        await closeFinishedEvents(this.events);
        if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) await this.prune();
      }
    } catch (err) {
      this.opts.log?.(`trigger sync failed: ${(err as Error).message}`);
    }
  }

  /** Deletes event and webhook request log rows older than the retention. */
  async prune(now = new Date()): Promise<{ events: number; hookRequests: number }> {
    this.prunedAt = now.getTime();
    const before = new Date(now.getTime() - (this.opts.logRetentionDays ?? 30) * 86_400_000);
    return { events: await this.events.prune(before), hookRequests: await this.opts.store.hookRequests.prune(before) };
  }

  /** The timed triggers and when each fires next. */
  scheduled(): ScheduledTrigger[] {
    return [...this.jobs].map(([id, job]) => {
      const [graphId, kind] = id.split('/') as [string, TimedTriggerKind];
      return { graphId, kind, nextAt: job.nextAt()?.toISOString() ?? null };
    });
  }

  /** Problems of graphs' trigger settings found at the last sync (a cron croner refuses...). */
  problemsOf(graphId: string): string[] {
    return this.problems.get(graphId) ?? [];
  }

  /**
   * Queues a listing run of the graph unless one is already waiting. Every process of a shared store
   * keeps the same jobs (so each can say when they fire next), but only the leader's tick queues: it
   * checks that it leads before and, fenced, in the transaction, so a tick never queues twice.
   */
  async tick(graphId: string, kind: TimedTriggerKind): Promise<TickResult> {
    if (!this.leadership.leading()) return this.ticked({ graphId, kind, notLeader: true });
    const result = await this.opts.store
      .transaction(async (): Promise<TickResult> => {
        await this.leadership.fence();
        if (await this.opts.store.runs.hasQueuedListing(graphId)) return { graphId, kind };
        const { run } = await this.opts.queue.enqueue(graphId, { kind, params: kind === 'backfill' ? { backfill: true } : {} });
        return { graphId, kind, runId: run.id };
      })
      .catch((err: unknown): TickResult => {
        if (!(err instanceof LeaseLostError)) throw err;
        this.opts.log?.(`graph ${graphId}: ${kind} tick not queued: ${err.message}`);
        return { graphId, kind, notLeader: true };
      });
    return this.ticked(result);
  }

  private ticked(result: TickResult): TickResult {
    this.opts.onTick?.(result);
    return result;
  }

  private async makeJob(graphId: string, kind: TimedTriggerKind, spec: string): Promise<Job> {
    const fire = () => {
      this.tick(graphId, kind).catch((err: unknown) => this.opts.log?.(`graph ${graphId}: ${kind} tick failed: ${(err as Error).message}`));
    };
    if (kind === 'schedule') {
      const [pattern, timezone] = spec.split('|') as [string, string];
      const cron = new Cron(pattern, { timezone, protect: true, unref: true, catch: true }, fire);
      return { spec, nextAt: () => cron.nextRun() ?? undefined, stop: () => cron.stop() };
    }
    return this.intervalJob(graphId, kind, spec, fire);
  }

  private async intervalJob(graphId: string, kind: TimedTriggerKind, spec: string, fire: () => void): Promise<Job> {
    const everyMs = Number(spec) * 1000;
    const last = await this.opts.store.runs.lastQueuedAt(graphId, kind);
    let next = new Date(Math.max(Date.now(), (last?.getTime() ?? 0) + everyMs));
    let timer: NodeJS.Timeout;
    const arm = () => {
      timer = setTimeout(
        () => {
          next = new Date(Date.now() + everyMs);
          arm();
          fire();
        },
        Math.max(0, next.getTime() - Date.now()),
      );
      timer.unref();
    };
    arm();
    return { spec, nextAt: () => next, stop: () => clearTimeout(timer) };
  }
}
