import { errorMessage, type KeyFacts, type RunAccess, type SharedHolds } from '@sluice/sdk';
import type { RunRow, TriggerKind } from '@sluice/store';
import type { RunGraphOptions, RunStatus, RunSummary } from '@sluice/engine';
import type { PluginRegistry } from '@sluice/engine';
import type { Store } from '@sluice/store';
import { type GraphRunStarted, isFinishedRunStatus, type WorkerProcess } from '@sluice/sdk/wire';
import { hostname } from 'node:os';
import { RunEventHub, type RunListener } from './run-event-hub.ts';
import { type ExecuteRunDeps, executeRun } from './execute-run.ts';
import type { RunJobs } from './run-jobs.ts';
import { LiveFeeds, type LiveKeyFeed } from '@sluice/engine';
import type { RunObserver } from './run-observer.ts';
import type { SharedKeyFeedDeps } from './shared-key-feed.ts';

export interface RunServiceOptions {
  store: Store;
  registry: PluginRegistry;
  /** The executor (runtime/src/engine/run-graph.ts), passed in so that the service has no hidden dependency. */
  runGraph: (opts: RunGraphOptions) => Promise<RunSummary>;
  /** What runs may read, write and call (runtime/src/access), handed to every run. */
  access: RunAccess;
  /** Holds every process of the store respects (PostgreSQL with several processes), handed to every run. */
  holds?: SharedHolds;
  /** Runs executing at once (default 2) and per graph (default 1). */
  concurrency?: { global?: number; perGraph?: number };
  /**
   * How often the queue is looked at for runs queued by another process (ms; default 1000); with a
   * job queue, how soon a job whose graph was at its limit is offered again.
   */
  pollMs?: number;
  log?: (message: string) => void;
  /** When a run's source took keys from its live feed (ms per key), told as the run ends. */
  onKeysTaken?: (runId: string, takenAt: ReadonlyMap<string, number>) => Promise<void> | void;
  /** What the bucket events of a keys run said of their objects (of `keys` only, when given), handed to it as `params.keyFacts`. */
  keyFactsOf?: (runId: string, keys?: string[]) => Promise<Readonly<Record<string, KeyFacts>>>;
  /** With `jobs`: how often a held run's key feed looks in the store for keys intake added (ms; default 100). */
  keysPollMs?: number;
  /**
   * With `jobs`: as a held run of this trigger kind opens its key feed, the keys of the graph's runs
   * of the kind queued meanwhile join it (events that came between its claim and the open), up to
   * `maxKeys` keys in the run.
   */
  joinQueued?: { kind: TriggerKind; maxKeys: number };
  /**
   * The job queue of a PostgreSQL store shared by several processes (pg-boss-run-jobs.ts): runs are
   * sent to it as they are queued and taken from it by whichever worker is free. Without it the
   * service takes runs from the store's run table (the one process of a SQLite store). With it,
   * `concurrency.global` is this process's share (0: it only queues runs, `sluice serve --workers 0`).
   */
  jobs?: RunJobs;
  /** Told of every claim and end here (the metrics, runtime/src/metrics). */
  observer?: RunObserver;
}

export interface TriggerRequest {
  kind: TriggerKind;
  params?: Record<string, unknown>;
  dedupeKey?: string;
}

/** `elsewhere`: running in another process (`sluice run`), which alone can stop it. */
export type CancelResult = 'cancelled' | 'cancelling' | 'finished' | 'elsewhere' | 'not-found';

/** How often a held run's key feed looks in the store for keys intake added in any process (ms). */
const KEYS_POLL_MS = 100;

/**
 * The durable run queue's worker: triggers record runs in the store (queued) before they answer;
 * this service claims them within the concurrency limits, runs them through the executor, keeps
 * their figures and logs in the store and tells live listeners.
 */
export class RunService {
  readonly events = new RunEventHub();
  /** Runs starting to execute here, by graph: what an editor following a graph's latest run hears. */
  readonly graphEvents = new RunEventHub<GraphRunStarted>();
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly feeds = new LiveFeeds();
  private readonly limits: { global: number; perGraph: number };
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private startedAt: string | undefined;
  /** Whether a pump goes (`pumped` resolves when it ends); `pumpAgain` asks it for one more round. */
  private pumping = false;
  private pumped: Promise<void> = Promise.resolve();
  private pumpAgain = false;
  private stopping: 'wait' | 'abort' | 'requeue' | undefined;
  /** Wakes the pump outside the caller's store transaction: a run queued in one is claimed after its commit. */
  private readonly wake: () => void;

  constructor(private readonly opts: RunServiceOptions) {
    this.limits = { global: opts.concurrency?.global ?? 2, perGraph: opts.concurrency?.perGraph ?? 1 };
    this.wake = opts.store.detached(() => queueMicrotask(() => void this.pump()));
  }

  /** Puts runs interrupted by a crash back in the queue, then starts taking runs. */
  async start(): Promise<{ requeued: number }> {
    this.startedAt = new Date().toISOString();
    if (this.opts.jobs) return this.startWorking(this.opts.jobs);
    const requeued = await this.opts.store.runs.requeueInterrupted();
    if (requeued) this.opts.log?.(`${requeued} run(s) interrupted by a stop were queued again`);
    this.started = true;
    this.stopping = undefined;
    this.timer = setInterval(() => void this.pump(), this.opts.pollMs ?? 1000);
    this.timer.unref();
    void this.pump();
    return { requeued };
  }

  /**
   * Stops taking runs and ends the running ones: `abort` cancels them (recorded as cancelled),
   * `requeue` interrupts them and puts them back in the queue for the next start (a shutdown is not
   * a user's cancel; checkpoints make the repeat safe). Without either it waits for them to finish.
   */
  async stop(options: { abort?: boolean; requeue?: boolean } = {}): Promise<void> {
    this.started = false;
    this.stopping = options.requeue ? 'requeue' : options.abort ? 'abort' : 'wait';
    clearInterval(this.timer);
    await this.opts.jobs?.stopTaking();
    // A claim in flight finishes first: its run is then among the active ones, stopped with them.
    await this.pumped;
    if (this.stopping !== 'wait') for (const a of this.active.values()) a.controller.abort(new Error('the runtime is stopping'));
    await Promise.all([...this.active.values()].map((a) => a.done));
    // The jobs of runs put back in the queue are handed back (failed) before the queue closes.
    await this.opts.jobs?.stop(30_000);
  }

  /** Records a queued run (durable once this resolves, or once the caller's transaction commits) and wakes the worker. */
  async enqueue(graphId: string, trigger: TriggerRequest): Promise<{ run: RunRow; created: boolean }> {
    const { store, jobs } = this.opts;
    const request = { graphId, trigger: { kind: trigger.kind, params: trigger.params }, dedupeKey: trigger.dedupeKey };
    if (jobs) {
      // The run and its job commit together: no job without its run, no queued run without a job.
      return store.transaction(async () => {
        const result = await store.runs.enqueue(request);
        if (result.created) await jobs.send(result.run);
        return result;
      });
    }
    const result = await store.runs.enqueue(request);
    if (result.created) this.wake();
    return result;
  }

  /** An open key feed of a running run of the graph (see `RunScope.keyFeed`), for bucket event intake. */
  liveFeed(graphId: string, maxKeys: number): LiveKeyFeed | undefined {
    return this.feeds.openFor(graphId, maxKeys);
  }

  /**
   * With a job queue, a running run's key feed is in the store, whichever process holds the run
   * (SharedKeyFeed): intake adds keys there (`RunKeyLists.openKeysRunOf`, `addKeyToRunning`).
   */
  get keysShared(): boolean {
    return this.opts.jobs !== undefined;
  }

  async cancel(runId: string): Promise<CancelResult> {
    const active = this.active.get(runId);
    if (active) {
      active.controller.abort(new Error('cancelled by request'));
      return 'cancelling';
    }
    if (await this.opts.store.runs.cancelQueued(runId)) {
      this.events.publish(runId, { type: 'status', status: 'cancelled', at: new Date().toISOString() });
      return 'cancelled';
    }
    // Claimed here while the cancel waited for the store: it is running now, and stops on request.
    const claimed = this.active.get(runId);
    if (claimed) {
      claimed.controller.abort(new Error('cancelled by request'));
      return 'cancelling';
    }
    // With workers, another process executes it: it finds the ask at its next look (cancelsAsked).
    if (this.opts.jobs && (await this.opts.store.runs.askCancel(runId))) return 'cancelling';
    const status = (await this.opts.store.runs.get(runId))?.status;
    return !status ? 'not-found' : status === 'running' ? 'elsewhere' : 'finished';
  }

  /**
   * The processes that execute runs of this store: with a job queue, every serve and worker process
   * as the queue last heard from it; else this one alone.
   */
  async processes(): Promise<WorkerProcess[]> {
    if (this.opts.jobs) return this.opts.jobs.processes();
    const now = new Date().toISOString();
    return [
      {
        role: 'serve',
        host: hostname(),
        pid: process.pid,
        live: this.started,
        startedAt: this.startedAt ?? now,
        lastSeenAt: now,
        concurrency: this.limits.global,
        running: this.active.size,
        rss: process.memoryUsage.rss(),
      },
    ];
  }

  subscribe(runId: string, listener: RunListener): () => void {
    return this.events.subscribe(runId, listener);
  }

  /** Hears every run of the graph that starts executing here, whatever started it. */
  subscribeGraph(graphId: string, listener: RunListener<GraphRunStarted>): () => void {
    return this.graphEvents.subscribe(graphId, listener);
  }

  /** Resolves when the run has ended (immediately if it is not running here). */
  async settled(runId: string): Promise<void> {
    await this.active.get(runId)?.done;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /**
   * Claims queued runs while there is room. One pump at a time: a pump asked for while one goes
   * makes it look at the queue once more before it ends (a run queued meanwhile is not left for
   * the next poll).
   */
  private pump(): Promise<void> {
    if (!this.started) return Promise.resolve();
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumped;
    }
    this.pumping = true;
    this.pumped = this.claimWhileRoom();
    return this.pumped;
  }

  private async claimWhileRoom(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        while (this.started && this.active.size < this.limits.global) {
          const run = await this.opts.store.runs.claimNext(this.limits, async (graphId) => (await this.opts.store.graphs.get(graphId))?.revision);
          if (!run) break;
          const controller = new AbortController();
          const done = this.execute(run, controller)
            .then(() => {})
            .finally(() => {
              this.active.delete(run.id);
              void this.pump();
            });
          this.active.set(run.id, { controller, done });
        }
      } while (this.pumpAgain && this.started);
    } catch (err) {
      this.opts.log?.(`the run queue could not be read: ${errorMessage(err)}`);
    } finally {
      // In the step that saw no more asks: a pump asked for from here on starts anew.
      this.pumping = false;
    }
  }

  /** With a job queue: takes this process's share of its jobs. */
  private async startWorking(jobs: RunJobs): Promise<{ requeued: number }> {
    this.started = true;
    this.stopping = undefined;
    if (this.limits.global > 0) {
      // Cancels asked of this process's runs through another process (the API of a serve elsewhere).
      this.timer = setInterval(() => void this.stopCancelled(), this.opts.pollMs ?? 1000);
      this.timer.unref();
      await jobs.work({
        concurrency: this.limits.global,
        perGraph: this.limits.perGraph,
        laterMs: this.opts.pollMs ?? 1000,
        run: (runId, signal) => this.runJob(runId, signal),
        givenUp: async (runId, attempts) => {
          const why = `given up after ${attempts} attempts: each worker that took the run stopped before it ended (crashed, stopped, or lost its heartbeat)`;
          if (await this.opts.store.runs.fail(runId, why)) this.opts.log?.(`run ${runId}: ${why}`);
        },
      });
    }
    return { requeued: 0 };
  }

  /** Stops the runs in hand here whose cancel another process recorded. */
  private async stopCancelled(): Promise<void> {
    if (!this.active.size) return;
    try {
      for (const id of await this.opts.store.runs.cancelsAsked([...this.active.keys()]))
        this.active.get(id)?.controller.abort(new Error('cancelled by request'));
    } catch (err) {
      this.opts.log?.(`cancels asked of this process could not be read: ${errorMessage(err)}`);
    }
  }

  /**
   * One job of the queue: claims its run (taking it over from a worker that lost the job, with the
   * next epoch) and executes it fenced on the epoch. Settles when the run has ended; `'later'` while
   * its graph is at its limit (the queue offers the job again shortly, without holding the graph's
   * share of the queue meanwhile); rejects to hand the job back when this process stops first (the
   * run is queued again, and the queue gives the job to another worker).
   */
  private async runJob(runId: string, jobSignal: AbortSignal): Promise<'done' | 'later'> {
    const { store } = this.opts;
    if (!this.started) throw new Error('handed back: this worker is stopping');
    const claim = await store.runs.claimForJob(runId, this.limits.perGraph, async (graphId) => (await store.graphs.get(graphId))?.revision);
    if ('gone' in claim) return 'done';
    if (!('run' in claim)) return 'later';
    const run = claim.run;
    this.opts.log?.(`run ${run.id} of graph ${run.graphId}: running here (attempt ${run.attempts})`);
    // Claimed again: the worker of an earlier attempt lost the job (crashed, paused, or handed it back).
    if (run.attempts > 1) this.opts.observer?.onTakeover?.(run);
    const controller = new AbortController();
    // The queue found the job's claim gone (this worker was paused past its heartbeat): stop early; the fence keeps it out either way.
    const lost = () => controller.abort(new Error('the job of this run was handed to another worker'));
    jobSignal.addEventListener('abort', lost, { once: true });
    const held = run;
    const done = this.execute(held, controller, { epoch: held.attempts, onFenced: (err) => controller.abort(err) });
    this.active.set(held.id, { controller, done: done.then(() => {}) });
    try {
      if ((await done) === 'queued') throw new Error('handed back: this worker is stopping');
      return 'done';
    } finally {
      jobSignal.removeEventListener('abort', lost);
      this.active.delete(held.id);
    }
  }

  /** What a held run's key feed in the store needs (runs of a job queue's workers). */
  private sharedKeys(run: RunRow): SharedKeyFeedDeps {
    const { store, keyFactsOf, log, joinQueued } = this.opts;
    /** In the caller's transaction: the run's keys once queued runs of its kind joined it, when any did. */
    const join = async (runId: string): Promise<string[] | undefined> => {
      if (joinQueued?.kind !== run.triggerKind) return undefined;
      const joined = await store.runs.keys.joinQueuedKeys(runId, joinQueued.kind, joinQueued.maxKeys);
      if (!joined?.joined.length) return undefined;
      await store.bucketEvents.moveRuns(joined.joined, runId);
      log?.(`run ${runId}: took the keys of ${joined.joined.length} run(s) of its graph queued meanwhile (${joined.joined.join(', ')})`);
      return joined.keys;
    };
    return {
      keys: store.runs.keys,
      open: (runId, epoch) =>
        store.transaction(async () => {
          const keys = await store.runs.keys.openKeys(runId, epoch);
          return keys && ((await join(runId)) ?? keys);
        }),
      ...(joinQueued?.kind === run.triggerKind ? { join: (runId: string) => store.transaction(() => join(runId)) } : {}),
      factsOf: async (runId, keys) => (keyFactsOf ? keyFactsOf(runId, keys) : {}),
      pollMs: this.opts.keysPollMs ?? KEYS_POLL_MS,
      ...(log ? { log } : {}),
    };
  }

  private async execute(run: RunRow, controller: AbortController, fenced?: ExecuteRunDeps['fenced']): Promise<RunStatus> {
    const { store, registry, runGraph, access, holds, log, onKeysTaken, keyFactsOf, observer } = this.opts;
    const claimedAt = performance.now();
    let summary: RunSummary | undefined;
    let lost = false;
    observer?.claimed(run);
    this.graphEvents.publish(run.graphId, { id: run.id, status: 'running', trigger: run.triggerKind, at: new Date().toISOString() });
    const status = await executeRun(run, {
      store,
      registry,
      // Kept for the observer (executeRun answers the final status alone).
      runGraph: async (o) => (summary = await runGraph(o)),
      access,
      ...(holds ? { holds } : {}),
      log,
      ...(fenced ? { sharedKeys: this.sharedKeys(run) } : { feeds: this.feeds }),
      onKeysTaken,
      keyFactsOf,
      signal: controller.signal,
      publish: (e) => {
        if (e.type === 'file') observer?.fileSettled?.(e.status, e.rows);
        this.events.publish(run.id, e);
      },
      ...(observer?.committed ? { onCommit: (files: number, ms: number) => observer.committed!(files, ms) } : {}),
      requeueIfCancelled: () => this.stopping === 'requeue',
      ...(fenced
        ? {
            fenced: {
              epoch: fenced.epoch,
              onFenced: (err) => {
                lost = true;
                fenced.onFenced(err);
              },
            },
          }
        : {}),
    });
    if (lost) observer?.lost?.(run);
    else if (isFinishedRunStatus(status)) observer?.finished(run, summary?.status === status ? summary : status, performance.now() - claimedAt);
    return status;
  }
}
