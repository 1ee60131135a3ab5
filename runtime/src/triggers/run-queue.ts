import { and, desc, eq, sql } from 'drizzle-orm';
import { runs, type RunRow } from '@sluice/store/schema';
import type { LiveKeyFeed } from '@sluice/engine';
import type { TriggerRequest } from '../runs/run-service.ts';
import type { DbClient } from '@sluice/store';

/** Where triggers record runs: the run service (durable queue plus its worker). */
export interface RunQueue {
  /** Records a queued run; durable when it returns. Called inside the trigger's own transaction. */
  enqueue(graphId: string, trigger: TriggerRequest): { run: RunRow; created: boolean };
  /** An open key feed of a run of the graph executing here, with room for one more key. */
  liveFeed?(graphId: string, maxKeys: number): LiveKeyFeed | undefined;
}

/**
 * Batching: adds object keys to a run of the graph that was queued by the same kind of trigger and
 * has not been claimed yet, and returns its id; undefined when there is none with room. Safe because
 * a worker claims a run in a write transaction, and this runs inside the caller's: the run is
 * either still queued and gets the keys, or already running and is left alone. No timer, so no
 * latency is added: events only join a run that is waiting anyway (its graph is at its limit).
 */
export function addKeysToQueuedRun(c: DbClient, graphId: string, kind: string, keys: string[], maxKeys: number): string | undefined {
  const run = c.db
    .select({ id: runs.id, params: runs.triggerParams })
    .from(runs)
    .where(and(eq(runs.graphId, graphId), eq(runs.status, 'queued'), eq(runs.triggerKind, kind)))
    .orderBy(desc(runs.queuedAt))
    .limit(1)
    .get();
  const current = run && Array.isArray(run.params.keys) ? (run.params.keys as string[]) : undefined;
  if (!run || !current || current.length + keys.length > maxKeys) return undefined;
  const fresh = keys.filter((k) => !current.includes(k));
  const updated = c.db
    .update(runs)
    .set({ triggerParams: { ...run.params, keys: [...current, ...fresh] } })
    .where(and(eq(runs.id, run.id), eq(runs.status, 'queued')))
    .run();
  return updated.changes === 1 ? run.id : undefined;
}

/**
 * Records a key fed to a running run in its params, inside the caller's transaction (with the
 * event's log row and link): if the runtime dies, the run is queued again with this key among its
 * own. False when the run is no longer running or already has the key (a new version of an object
 * it may have read already belongs to the next run).
 */
export function addKeyToRunningRun(c: DbClient, runId: string, key: string): boolean {
  const run = c.db.select({ params: runs.triggerParams }).from(runs).where(and(eq(runs.id, runId), eq(runs.status, 'running'))).get();
  const current = run && Array.isArray(run.params.keys) ? (run.params.keys as string[]) : undefined;
  if (!run || !current || current.includes(key)) return false;
  c.db
    .update(runs)
    .set({ triggerParams: { ...run.params, keys: [...current, key] } })
    .where(eq(runs.id, runId))
    .run();
  return true;
}

/** Whether a full listing (a run without `keys`) of the graph is already waiting: ticks then add none. */
export function hasQueuedListing(c: DbClient, graphId: string): boolean {
  return !!c.db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.graphId, graphId), eq(runs.status, 'queued'), sql`json_type(${runs.triggerParams}, '$.keys') is null`))
    .limit(1)
    .get();
}

/** When a trigger of this kind last queued a run of the graph: intervals survive restarts. */
export function lastQueuedAt(c: DbClient, graphId: string, kind: string): Date | undefined {
  return c.db
    .select({ at: runs.queuedAt })
    .from(runs)
    .where(and(eq(runs.graphId, graphId), eq(runs.triggerKind, kind)))
    .orderBy(desc(runs.queuedAt))
    .limit(1)
    .get()?.at;
}
