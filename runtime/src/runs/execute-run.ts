import { join } from 'node:path';
import { errorMessage, type KeyFacts, type RunAccess, type SharedHolds } from '@sluice/sdk';
import { type RunRow, RunFencedError } from '@sluice/store';
import type { RunGraphOptions, RunStatus, RunSummary } from '@sluice/engine';
import { keyFeedSource } from '@sluice/engine';
import type { GraphDocument } from '@sluice/sdk';
import { SharedKeyFeed, type SharedKeyFeedDeps } from './shared-key-feed.ts';
import { checkGraph } from '../graphs/check-graph.ts';
import { runRefusal } from '../graphs/run-refusal.ts';
import type { PluginRegistry } from '@sluice/engine';
import type { Store } from '@sluice/store';
import type { RunStreamEvent } from './run-event-hub.ts';
import { type LiveFeeds, LiveKeyFeed } from '@sluice/engine';
import { RunPersistence } from './run-persistence.ts';
import { secretResolver } from '@sluice/store';

export interface ExecuteRunDeps {
  store: Store;
  registry: PluginRegistry;
  runGraph: (opts: RunGraphOptions) => Promise<RunSummary>;
  /** What the run may read, write and call: the runtime's settings (runtime/src/access), never the graph's. */
  access: RunAccess;
  /** Holds every process of the store respects (PostgreSQL with several processes), handed to the run's nodes. */
  holds?: SharedHolds;
  signal: AbortSignal;
  publish?: (event: RunStreamEvent) => void;
  log?: (message: string) => void;
  /** Asked when the run ends cancelled: true puts it back in the queue (the runtime is stopping). */
  requeueIfCancelled?: () => boolean;
  /** Heard after each commit of a batch of settled files (RunGraphOptions.onCommit). */
  onCommit?: (files: number, ms: number) => void;
  /** Where a run started for `params.keys` offers a live key feed to intake in this process while it goes. */
  feeds?: LiveFeeds;
  /**
   * Instead of `feeds`, with `fenced` (a worker of a PostgreSQL store): the run's key feed is opened
   * in the store, to intake in any process (SharedKeyFeed).
   */
  sharedKeys?: SharedKeyFeedDeps;
  onKeysTaken?: (runId: string, takenAt: ReadonlyMap<string, number>) => Promise<void> | void;
  /** What the bucket events of a run started for `params.keys` said of their objects (`params.keyFacts`). */
  keyFactsOf?: (runId: string, keys?: string[]) => Promise<Readonly<Record<string, KeyFacts>>>;
  /**
   * Set when a worker of the job queue holds the run (PostgreSQL with workers): its claim's epoch
   * (`run.attempts`). Every commit of the run's nodes and the run's own end are then fenced on it,
   * so that nothing of a run another worker took over is recorded; `onFenced` hears the first
   * refusal (the worker stops the run), or that the run's end was refused.
   */
  fenced?: { epoch: number; onFenced: (err: RunFencedError) => void };
}

/**
 * Executes one claimed (running) run: checks its graph again (plugins may have changed since it was
 * saved), runs it through the executor with the graph's folders, the credential store and a temp
 * folder under the data folder, keeps figures and logs in the store and records the end. The one
 * path of the worker and of `sluice run`. Returns the final status.
 */
export async function executeRun(run: RunRow, deps: ExecuteRunDeps): Promise<RunStatus> {
  const { store, registry } = deps;
  const publishStatus = (status: RunStatus) => deps.publish?.({ type: 'status', status, at: new Date().toISOString() });
  publishStatus('running');
  const graph = await store.graphs.get(run.graphId);
  const check = graph ? checkGraph(graph.document, registry) : undefined;
  const epoch = deps.fenced?.epoch;
  if (!graph || !check?.ok) {
    const why = !graph ? `graph "${run.graphId}" no longer exists` : runRefusal(run.graphId, graph.document, check && !check.ok ? check.problems : []);
    await store.runs.fail(run.id, why, new Date(), epoch);
    publishStatus('failed');
    return 'failed';
  }
  const persistence = new RunPersistence(store, run.id, (err) => deps.log?.(`run ${run.id}: cannot save progress: ${errorMessage(err)}`), epoch);
  const fence = deps.fenced && fenceOf(run.id, deps.fenced, store);
  let feed: LiveKeyFeed | SharedKeyFeed | undefined;
  try {
    feed = await openFeed(run, check.doc, deps);
    const summary = await deps.runGraph({
      runId: run.id,
      graphId: run.graphId,
      doc: check.doc,
      plugin: (type) => registry.get(type),
      plugins: registry,
      pluginModule: (type) => registry.moduleOf(type),
      store: store.nodeStore(run.graphId, fence ? { fence } : {}),
      secrets: secretResolver(store.credentials),
      params: await paramsOf(run, deps),
      signal: deps.signal,
      tempDir: join(store.dataDir, 'tmp', run.id),
      dirs: { data: store.dataDir, graph: graph.baseDir ?? store.dataDir },
      access: deps.access,
      ...(deps.holds ? { holds: deps.holds } : {}),
      ...(feed ? { liveKeys: feed } : {}),
      ...(deps.onCommit ? { onCommit: deps.onCommit } : {}),
      onEvent: (event) => {
        if (event.type === 'log') persistence.log(event.line);
        else if (event.type === 'stats') persistence.saveStats(event.nodes);
        else if (event.type === 'error' || event.type === 'warning') persistence.issue(event.type, event.issue);
        deps.publish?.(event);
      },
    });
    await endFeed(feed, deps);
    await persistence.flush();
    if (summary.status === 'cancelled' && deps.requeueIfCancelled?.()) {
      if (!(await store.runs.requeue(run.id, epoch)) && epoch !== undefined) return takenOver(run, deps);
      publishStatus('queued');
      return 'queued';
    }
    if (!(await store.runs.finish(run.id, summary, epoch)) && epoch !== undefined) return takenOver(run, deps);
    publishStatus(summary.status);
    return summary.status;
  } catch (err) {
    await endFeed(feed, deps);
    await persistence.flush();
    if (!(await store.runs.fail(run.id, `the run broke outside any file: ${errorMessage(err)}`, new Date(), epoch)) && epoch !== undefined) {
      return takenOver(run, deps);
    }
    publishStatus('failed');
    return 'failed';
  }
}

/** The fence of a held run's commits: refused once another worker took the run over, told once to `onFenced`. */
function fenceOf(runId: string, fenced: NonNullable<ExecuteRunDeps['fenced']>, store: Store): () => Promise<void> {
  let told = false;
  return async () => {
    try {
      await store.runs.fence(runId, fenced.epoch);
    } catch (err) {
      if (err instanceof RunFencedError && !told) {
        told = true;
        fenced.onFenced(err);
      }
      throw err;
    }
  };
}

/** A held run whose end could not be recorded at its epoch: another worker has it now, and records its end. */
function takenOver(run: RunRow, deps: ExecuteRunDeps): RunStatus {
  if (deps.fenced) deps.fenced.onFenced(new RunFencedError(run.id, deps.fenced.epoch));
  deps.log?.(`run ${run.id}: another worker took it over (this worker held attempt ${deps.fenced?.epoch}); nothing more of this attempt is recorded`);
  return 'cancelled';
}

/**
 * The params the run's nodes get: the trigger's, with `keyFacts` from the run's bucket events
 * (never from the stored params: only events give a source facts to trust its read to). Facts only
 * spare requests: when they cannot be read the run goes on without them.
 */
async function paramsOf(run: RunRow, deps: ExecuteRunDeps): Promise<Record<string, unknown>> {
  const { keyFacts: _stored, ...params } = run.triggerParams;
  if (!Array.isArray(params.keys) || !deps.keyFactsOf) return params;
  try {
    const keyFacts = await deps.keyFactsOf(run.id);
    return Object.keys(keyFacts).length ? { ...params, keyFacts } : params;
  } catch (err) {
    deps.log?.(`run ${run.id}: its events' key facts could not be read (${errorMessage(err)}); its keys are looked up instead`);
    return params;
  }
}

/**
 * The live key feed of a run started for `params.keys` whose graph's source reads one: in this
 * process (`feeds`), or in the store for a held run (`sharedKeys`), opened there before the run goes.
 */
async function openFeed(run: RunRow, doc: GraphDocument, deps: ExecuteRunDeps): Promise<LiveKeyFeed | SharedKeyFeed | undefined> {
  const keys = run.triggerParams.keys;
  if (!Array.isArray(keys) || !keyFeedSource(doc, (type) => deps.registry.get(type))) return undefined;
  if (deps.sharedKeys && deps.fenced) {
    const feed = new SharedKeyFeed(run.id, run.graphId, deps.fenced.epoch, keys as string[], deps.sharedKeys);
    await feed.open();
    return feed;
  }
  if (!deps.feeds) return undefined;
  const feed = new LiveKeyFeed(run.id, run.graphId, keys.length);
  deps.feeds.add(feed);
  return feed;
}

/**
 * Before the run's end is recorded: no key may go to it any more (the executor closed the feed
 * already, and failed the run for keys it never took; this covers a run that broke before its
 * source started), and the times its source took fed keys are kept.
 */
async function endFeed(feed: LiveKeyFeed | SharedKeyFeed | undefined, deps: ExecuteRunDeps): Promise<void> {
  if (!feed) return;
  if (feed instanceof SharedKeyFeed) await feed.close();
  else deps.feeds?.remove(feed.runId);
  try {
    await deps.onKeysTaken?.(feed.runId, feed.takenAt);
  } catch (err) {
    deps.log?.(`run ${feed.runId}: cannot save when its fed keys were taken: ${errorMessage(err)}`);
  }
}
