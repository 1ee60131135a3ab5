import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { runs, type RunRow, type TriggerKind } from './db/runs-table.ts';
import type { NodeStats, RunIssue, RunStatus, RunSummary } from '@sluice/sdk/wire';
import { assertRunParamsFit, runParamsProblem } from './run-params-limit.ts';
import type { DbClient } from './db-client.ts';
import { newRunId } from './ids.ts';
import type { Page } from './page.ts';

export interface EnqueueRequest {
  graphId: string;
  trigger: { kind: TriggerKind; params?: Record<string, unknown> };
  /** Identity of the triggering request; a second request with the same key gets the first run. */
  dedupeKey?: string;
}

export interface ConcurrencyLimits {
  /** Runs executing at once in the whole store. */
  global: number;
  /** Runs of one graph executing at once. */
  perGraph: number;
}

/** The run queue and history. Every state change is one conditional UPDATE, so that a run has one owner. */
export class RunRepository {
  constructor(private readonly c: DbClient) {}

  /**
   * Records a queued run; it is durable when this returns. `created` is false for a repeated dedupe
   * key. With `startNow`, the run is recorded as already running, for a caller that executes it
   * itself (`sluice run`), so that no worker can claim it in between.
   */
  async enqueue(req: EnqueueRequest, now = new Date(), startNow?: { graphRevision: number }): Promise<{ run: RunRow; created: boolean }> {
    // Every run's params pass here: none is stored over the limit, whatever route or trigger sent it.
    assertRunParamsFit(req.trigger.params);
    return this.c.atomic(() => {
      if (req.dedupeKey !== undefined) {
        const existing = this.c.db.select().from(runs).where(eq(runs.dedupeKey, req.dedupeKey)).get();
        if (existing) return { run: existing, created: false };
      }
      const run: RunRow = {
        id: newRunId(now.getTime()),
        graphId: req.graphId,
        status: startNow ? 'running' : 'queued',
        triggerKind: req.trigger.kind,
        triggerParams: req.trigger.params ?? {},
        dedupeKey: req.dedupeKey ?? null,
        graphRevision: startNow?.graphRevision ?? null,
        queuedAt: now,
        startedAt: startNow ? now : null,
        finishedAt: null,
        attempts: startNow ? 1 : 0,
        nodes: null,
        files: null,
        rows: null,
        errors: [],
        warnings: [],
      };
      this.c.db.insert(runs).values(run).run();
      return { run, created: true };
    });
  }

  async get(id: string): Promise<RunRow | undefined> {
    return this.c.locked(() => this.row(id));
  }

  /** A graph's runs, newest first. */
  async listForGraph(graphId: string, limit: number, offset: number): Promise<Page<RunRow>> {
    return this.list({ graphId }, limit, offset);
  }

  /** Runs of every graph (or one), newest first, optionally in one status (e.g. the queue). */
  async list(filter: { graphId?: string; status?: RunStatus }, limit: number, offset: number): Promise<Page<RunRow>> {
    const where = and(
      filter.graphId !== undefined ? eq(runs.graphId, filter.graphId) : undefined,
      filter.status !== undefined ? eq(runs.status, filter.status) : undefined,
    );
    return this.c.locked(() => {
      const items = this.c.db.select().from(runs).where(where).orderBy(desc(runs.queuedAt), desc(runs.id)).limit(limit).offset(offset).all();
      const total = this.c.db.select({ n: count() }).from(runs).where(where).get()?.n ?? 0;
      return { items, total, limit, offset };
    });
  }

  /**
   * Takes the oldest queued run whose graph is under its limit, if the store is under the global
   * limit, and marks it running with its graph's revision as `graphRevision` gives it (read in this
   * transaction's context: through the store). One IMMEDIATE transaction: two workers (even in two
   * processes) never claim the same run.
   */
  async claimNext(
    limits: ConcurrencyLimits,
    graphRevision: (graphId: string) => Promise<number | undefined> | number | undefined,
    now = new Date(),
  ): Promise<RunRow | undefined> {
    return this.c.transaction(async () => {
      const next = this.nextToClaim(limits);
      if (!next) return undefined;
      const revision = (await graphRevision(next.graphId)) ?? null;
      this.c.db
        .update(runs)
        .set({ status: 'running', startedAt: now, attempts: sql`${runs.attempts} + 1`, graphRevision: revision })
        .where(and(eq(runs.id, next.id), eq(runs.status, 'queued')))
        .run();
      return this.row(next.id);
    });
  }

  /** Live figures of a running run: per-node stats, and the errors and warnings so far. */
  async saveProgress(id: string, p: { nodes?: Record<string, NodeStats>; errors?: RunIssue[]; warnings?: RunIssue[] }): Promise<void> {
    const set = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
    if (!Object.keys(set).length) return;
    await this.c.locked(() =>
      this.c.db
        .update(runs)
        .set(set)
        .where(and(eq(runs.id, id), eq(runs.status, 'running')))
        .run(),
    );
  }

  /** Stores the executor's summary; only a running run can finish (a cancelled queued run stays cancelled). */
  async finish(id: string, summary: RunSummary): Promise<boolean> {
    const r = await this.c.locked(() =>
      this.c.db
        .update(runs)
        .set({
          status: summary.status,
          finishedAt: new Date(summary.finishedAt),
          nodes: summary.nodes,
          files: summary.files,
          rows: summary.rows,
          errors: summary.errors,
          warnings: summary.warnings,
        })
        .where(and(eq(runs.id, id), eq(runs.status, 'running')))
        .run(),
    );
    return r.changes === 1;
  }

  /** Ends a run that could not start or broke outside the executor, with the reason as its error. */
  async fail(id: string, message: string, now = new Date()): Promise<boolean> {
    const r = await this.c.locked(() =>
      this.c.db
        .update(runs)
        .set({ status: 'failed', finishedAt: now, errors: [{ at: now.toISOString(), message }] })
        .where(and(eq(runs.id, id), sql`${runs.status} in ('queued', 'running')`))
        .run(),
    );
    return r.changes === 1;
  }

  /** Cancels a run that has not started yet. */
  async cancelQueued(id: string, now = new Date()): Promise<boolean> {
    const r = await this.c.locked(() =>
      this.c.db
        .update(runs)
        .set({ status: 'cancelled', finishedAt: now })
        .where(and(eq(runs.id, id), eq(runs.status, 'queued')))
        .run(),
    );
    return r.changes === 1;
  }

  /** Puts one running run back in the queue (interrupted by a stop of the runtime, not cancelled). */
  async requeue(id: string): Promise<boolean> {
    const r = await this.c.locked(() =>
      this.c.db
        .update(runs)
        .set({ status: 'queued', startedAt: null, nodes: null })
        .where(and(eq(runs.id, id), eq(runs.status, 'running')))
        .run(),
    );
    return r.changes === 1;
  }

  /**
   * At start-up: runs that were running when the process died go back to the queue. Checkpoints
   * make the repeat safe (files already landed are skipped). Returns how many were re-queued.
   */
  async requeueInterrupted(): Promise<number> {
    return this.c.locked(() => this.c.db.update(runs).set({ status: 'queued', startedAt: null, nodes: null }).where(eq(runs.status, 'running')).run().changes);
  }

  /** The id of a running run of the graph, if any. */
  async runningOf(graphId: string): Promise<string | undefined> {
    return this.c.locked(
      () =>
        this.c.db
          .select({ id: runs.id })
          .from(runs)
          .where(and(eq(runs.graphId, graphId), eq(runs.status, 'running')))
          .get()?.id,
    );
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.c.locked(() => this.c.db.select({ status: runs.status, n: count() }).from(runs).groupBy(runs.status).all());
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Batching: adds object keys to the newest run of the graph that was queued by this kind of
   * trigger and not claimed yet, and returns its id; undefined when there is none with room (in keys,
   * or in the params limit: 500 long keys can pass 64 KiB before the key cap). Safe
   * because `claimNext` flips a run in a write transaction and this runs inside the caller's: the
   * run is either still queued and gets the keys, or already running and is left alone.
   */
  async addKeysToQueued(graphId: string, kind: TriggerKind, keys: string[], maxKeys: number): Promise<string | undefined> {
    return this.c.locked(() => {
      const run = this.c.db
        .select({ id: runs.id, params: runs.triggerParams })
        .from(runs)
        .where(and(eq(runs.graphId, graphId), eq(runs.status, 'queued'), eq(runs.triggerKind, kind)))
        .orderBy(desc(runs.queuedAt))
        .limit(1)
        .get();
      const current = run && keysOf(run.params);
      if (!run || !current || current.length + keys.length > maxKeys) return undefined;
      const fresh = keys.filter((k) => !current.includes(k));
      const params = { ...run.params, keys: [...current, ...fresh] };
      // Past the params limit (long keys before the key cap): the caller queues another run.
      if (runParamsProblem(params)) return undefined;
      const updated = this.c.db
        .update(runs)
        .set({ triggerParams: params })
        .where(and(eq(runs.id, run.id), eq(runs.status, 'queued')))
        .run();
      return updated.changes === 1 ? run.id : undefined;
    });
  }

  /**
   * Records a key fed to a running run in its params (inside the caller's transaction): if the
   * runtime dies, the run is queued again with this key among its own. False when the run is no
   * longer running, takes no keys, already has this one, or its params would pass their limit.
   */
  async addKeyToRunning(runId: string, key: string): Promise<boolean> {
    return this.c.locked(() => {
      const run = this.c.db
        .select({ params: runs.triggerParams })
        .from(runs)
        .where(and(eq(runs.id, runId), eq(runs.status, 'running')))
        .get();
      const current = run && keysOf(run.params);
      if (!run || !current || current.includes(key)) return false;
      const params = { ...run.params, keys: [...current, key] };
      // Past the params limit: the key goes to a queued run instead (intake falls through to one).
      if (runParamsProblem(params)) return false;
      this.c.db.update(runs).set({ triggerParams: params }).where(eq(runs.id, runId)).run();
      return true;
    });
  }

  /** Whether a full listing (a queued run without `keys`) of the graph is already waiting. */
  async hasQueuedListing(graphId: string): Promise<boolean> {
    return this.c.locked(
      () =>
        !!this.c.db
          .select({ id: runs.id })
          .from(runs)
          .where(and(eq(runs.graphId, graphId), eq(runs.status, 'queued'), sql`json_type(${runs.triggerParams}, '$.keys') is null`))
          .limit(1)
          .get(),
    );
  }

  /** When a trigger of this kind last queued a run of the graph. */
  async lastQueuedAt(graphId: string, kind: TriggerKind): Promise<Date | undefined> {
    return this.c.locked(
      () =>
        this.c.db
          .select({ at: runs.queuedAt })
          .from(runs)
          .where(and(eq(runs.graphId, graphId), eq(runs.triggerKind, kind)))
          .orderBy(desc(runs.queuedAt))
          .limit(1)
          .get()?.at,
    );
  }

  /**
   * The status and errors of each of these runs that still exists: what the bucket event log needs
   * to close its events. Missing ids are runs deleted with their graph.
   */
  async outcomes(ids: readonly string[]): Promise<Map<string, RunOutcome>> {
    const unique = [...new Set(ids)];
    return this.c.locked(() => {
      const out = new Map<string, RunOutcome>();
      for (let i = 0; i < unique.length; i += OUTCOME_BATCH) {
        const rows = this.c.db
          .select({ id: runs.id, status: runs.status, errors: runs.errors })
          .from(runs)
          .where(inArray(runs.id, unique.slice(i, i + OUTCOME_BATCH)))
          .all();
        for (const r of rows) out.set(r.id, { status: r.status, errors: r.errors });
      }
      return out;
    });
  }

  private row(id: string): RunRow | undefined {
    return this.c.db.select().from(runs).where(eq(runs.id, id)).get();
  }

  /** The run `claimNext` takes, if the limits leave room for one (in its transaction). */
  private nextToClaim(limits: ConcurrencyLimits): { id: string; graphId: string } | undefined {
    const running = this.c.db.select({ n: count() }).from(runs).where(eq(runs.status, 'running')).get()?.n ?? 0;
    if (running >= limits.global) return undefined;
    return this.c.db
      .select({ id: runs.id, graphId: runs.graphId })
      .from(runs)
      .where(
        and(
          eq(runs.status, 'queued'),
          sql`(select count(*) from ${runs} as busy where busy.graph_id = ${runs.graphId} and busy.status = 'running') < ${limits.perGraph}`,
        ),
      )
      .orderBy(runs.queuedAt, sql`rowid`)
      .limit(1)
      .get();
  }
}

/** What a run came to, as far as an event that queued it is concerned. */
export interface RunOutcome {
  status: RunStatus;
  errors: RunIssue[];
}

/** Ids per `IN (...)` query: well under SQLite's bound-parameter limit. */
const OUTCOME_BATCH = 500;

/** A run's object keys, when its trigger gave it a list (a run without one lists its sources). */
function keysOf(params: Record<string, unknown>): string[] | undefined {
  return Array.isArray(params.keys) ? (params.keys as string[]) : undefined;
}
