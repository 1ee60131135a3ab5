import { and, count, desc, eq, inArray, isNotNull, not, sql } from 'drizzle-orm';
import type { RunRow, TriggerKind } from './db/runs-table.ts';
import type { NodeStats, RunIssue, RunStatus, RunSummary } from '@sluice/sdk/wire';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { assertRunParamsFit } from './run-params-limit.ts';
import { RunKeyLists } from './run-key-lists.ts';
import { newRunId } from './ids.ts';
import { RunFencedError } from './run-fenced-error.ts';
import type { Page } from './page.ts';
import type { StoreDb } from './store-db.ts';

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

/** The lock (`StoreDb.exclusive`) claims take turns on, so that the concurrency limits hold across processes. */
const CLAIM_LOCK = 'sluice.runs.claim';

/**
 * The run queue and history. Every state change is one conditional UPDATE, so that a run has one
 * owner, whatever the dialect and however many processes share the store.
 */
export class RunRepository {
  /** The key lists of runs started for object keys (bucket events): batching, live feeds. */
  readonly keys: RunKeyLists;

  constructor(private readonly c: StoreDb) {
    this.keys = new RunKeyLists(c);
  }

  /**
   * Records a queued run; it is durable when this returns. `created` is false for a repeated dedupe
   * key. With `startNow`, the run is recorded as already running, for a caller that executes it
   * itself (`sluice run`), so that no worker can claim it in between.
   */
  async enqueue(req: EnqueueRequest, now = new Date(), startNow?: { graphRevision: number }): Promise<{ run: RunRow; created: boolean }> {
    // Every run's params pass here: none is stored over the limit, whatever route or trigger sent it.
    assertRunParamsFit(req.trigger.params);
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      if (req.dedupeKey !== undefined) {
        const [existing] = await this.c.db().select().from(runs).where(eq(runs.dedupeKey, req.dedupeKey)).limit(1);
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
        cancelRequestedAt: null,
        keysOpen: false,
        nodes: null,
        files: null,
        rows: null,
        errors: [],
        warnings: [],
      };
      // Two requests with one dedupe key at once (two processes on PostgreSQL): the unique index
      // decides, and the loser, once the winner has committed, finds the winner's run.
      const inserted = await this.c.db().insert(runs).values(run).onConflictDoNothing({ target: runs.dedupeKey }).returning({ id: runs.id });
      if (inserted.length) return { run, created: true };
      const [first] = await this.c
        .db()
        .select()
        .from(runs)
        .where(eq(runs.dedupeKey, req.dedupeKey ?? ''))
        .limit(1);
      if (!first) throw new Error(`the run of dedupe key ${req.dedupeKey} is gone`);
      return { run: first, created: false };
    });
  }

  async get(id: string): Promise<RunRow | undefined> {
    return this.c.run(() => this.row(id));
  }

  /** A graph's runs, newest first. */
  async listForGraph(graphId: string, limit: number, offset: number): Promise<Page<RunRow>> {
    return this.list({ graphId }, limit, offset);
  }

  /** Runs of every graph (or one), newest first, optionally in one status (e.g. the queue). */
  async list(filter: { graphId?: string; status?: RunStatus }, limit: number, offset: number): Promise<Page<RunRow>> {
    const { runs } = this.c.t;
    const where = and(
      filter.graphId !== undefined ? eq(runs.graphId, filter.graphId) : undefined,
      filter.status !== undefined ? eq(runs.status, filter.status) : undefined,
    );
    return this.c.run(async () => {
      const items = await this.c.db().select().from(runs).where(where).orderBy(desc(runs.queuedAt), desc(runs.id)).limit(limit).offset(offset);
      const [total] = await this.c.db().select({ n: count() }).from(runs).where(where);
      return { items, total: total?.n ?? 0, limit, offset };
    });
  }

  /**
   * Takes the oldest queued run (by `queuedAt`, then id: `newRunId`) whose graph is under its
   * limit, if the store is under the global limit, and marks it running with its graph's revision
   * as `graphRevision` gives it (read in this transaction's context: through the store). Claims
   * take turns (`StoreDb.exclusive`; on SQLite the IMMEDIATE transaction itself), so that the
   * running runs a claim counts are not changed by another claim meanwhile: two workers, even in two
   * processes, never claim the same run nor together pass a limit. The flip is conditional on the
   * run still being queued: a run cancelled meanwhile is passed over for the next.
   */
  async claimNext(
    limits: ConcurrencyLimits,
    graphRevision: (graphId: string) => Promise<number | undefined> | number | undefined,
    now = new Date(),
  ): Promise<RunRow | undefined> {
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      await this.c.exclusive(CLAIM_LOCK);
      for (;;) {
        const next = await this.nextToClaim(limits);
        if (!next) return undefined;
        const revision = (await graphRevision(next.graphId)) ?? null;
        const [claimed] = await this.c
          .db()
          .update(runs)
          .set({ status: 'running', startedAt: now, attempts: sql`${runs.attempts} + 1`, graphRevision: revision, keysOpen: false })
          .where(and(eq(runs.id, next.id), eq(runs.status, 'queued')))
          .returning();
        if (claimed) return claimed;
      }
    });
  }

  /**
   * Claims the run a job of the job queue names (PostgreSQL with workers: the queue hands a job to
   * one worker at a time, and to another once the worker holding it stops sending heartbeats). A
   * queued run becomes running; a running one is taken over: the worker that had it lost its job,
   * and the run's epoch (`attempts`) goes up so that whatever that worker still tries to commit is
   * fenced out (`fence`). `busy` while the graph already runs `perGraph` other runs (the queue's own
   * group limit can be passed in a race; this count, under the claim lock, cannot); `gone` when the
   * run ended, was cancelled or deleted meanwhile.
   */
  async claimForJob(
    id: string,
    perGraph: number,
    graphRevision: (graphId: string) => Promise<number | undefined> | number | undefined,
    now = new Date(),
  ): Promise<JobClaim> {
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      await this.c.exclusive(CLAIM_LOCK);
      const run = await this.row(id);
      if (!run || (run.status !== 'queued' && run.status !== 'running')) return { gone: run?.status ?? 'deleted' };
      // Cancelled while its worker was gone (the cancel was asked of a process that then stopped): it ends here.
      if (run.cancelRequestedAt) {
        await this.c.db().update(runs).set({ status: 'cancelled', finishedAt: now }).where(eq(runs.id, id));
        return { gone: 'cancelled' };
      }
      const [others] = await this.c
        .db()
        .select({ n: count() })
        .from(runs)
        .where(and(eq(runs.graphId, run.graphId), eq(runs.status, 'running'), not(eq(runs.id, id))));
      if ((others?.n ?? 0) >= perGraph) return { busy: true };
      const revision = (await graphRevision(run.graphId)) ?? null;
      const [claimed] = await this.c
        .db()
        .update(runs)
        .set({ status: 'running', startedAt: now, attempts: sql`${runs.attempts} + 1`, graphRevision: revision, nodes: null, keysOpen: false })
        .where(and(eq(runs.id, id), eq(runs.attempts, run.attempts)))
        .returning();
      return claimed ? { run: claimed } : { gone: 'deleted' };
    });
  }

  /**
   * Inside the transaction that commits a run's work: throws RunFencedError unless the run is still
   * running at `epoch` (the `attempts` it was claimed with). The check is an UPDATE, so that it holds
   * the run's row until the transaction ends: a takeover (`claimForJob`) waits for this commit, and
   * a commit after a takeover fails. A worker paused, cut off or slow past its job's heartbeat
   * therefore cannot land anything once another worker has the run.
   */
  async fence(id: string, epoch: number): Promise<void> {
    if (!this.c.inTransaction()) throw new Error('RunRepository.fence outside a transaction');
    const { runs } = this.c.t;
    const held = await this.c
      .db()
      .update(runs)
      .set({ attempts: epoch })
      .where(and(eq(runs.id, id), eq(runs.status, 'running'), eq(runs.attempts, epoch)))
      .returning({ id: runs.id });
    if (!held.length) throw new RunFencedError(id, epoch);
  }

  /** Live figures of a running run: per-node stats, and the errors and warnings so far (only at `epoch`, when given). */
  async saveProgress(id: string, p: { nodes?: Record<string, NodeStats>; errors?: RunIssue[]; warnings?: RunIssue[] }, epoch?: number): Promise<void> {
    const set = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
    if (!Object.keys(set).length) return;
    const { runs } = this.c.t;
    await this.c.run(() =>
      this.c
        .db()
        .update(runs)
        .set(set)
        .where(and(eq(runs.id, id), eq(runs.status, 'running'), ...atEpoch(runs.attempts, epoch))),
    );
  }

  /**
   * Stores the executor's summary; only a running run can finish (a cancelled queued run stays
   * cancelled), and with `epoch` only while the run is still at it (not taken over by another worker).
   */
  async finish(id: string, summary: RunSummary, epoch?: number): Promise<boolean> {
    return this.move(
      id,
      ['running'],
      {
        status: summary.status,
        finishedAt: new Date(summary.finishedAt),
        keysOpen: false,
        nodes: summary.nodes,
        files: summary.files,
        rows: summary.rows,
        errors: summary.errors,
        warnings: summary.warnings,
      },
      epoch,
    );
  }

  /** Ends a run that could not start or broke outside the executor, with the reason as its error (with `epoch`: see `finish`). */
  async fail(id: string, message: string, now = new Date(), epoch?: number): Promise<boolean> {
    return this.move(id, ['queued', 'running'], { status: 'failed', finishedAt: now, keysOpen: false, errors: [{ at: now.toISOString(), message }] }, epoch);
  }

  /**
   * Asks the process executing a running run to cancel it (a worker elsewhere): it looks for such
   * asks every second (`cancelsAsked`). False when the run is not running.
   */
  async askCancel(id: string, now = new Date()): Promise<boolean> {
    const { runs } = this.c.t;
    const asked = await this.c.run(() =>
      this.c
        .db()
        .update(runs)
        .set({ cancelRequestedAt: now })
        .where(and(eq(runs.id, id), eq(runs.status, 'running')))
        .returning({ id: runs.id }),
    );
    return asked.length === 1;
  }

  /** Which of these running runs a cancel was asked for. */
  async cancelsAsked(ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const { runs } = this.c.t;
    const rows = await this.c.run(() =>
      this.c
        .db()
        .select({ id: runs.id })
        .from(runs)
        .where(and(inArray(runs.id, [...ids]), eq(runs.status, 'running'), isNotNull(runs.cancelRequestedAt))),
    );
    return rows.map((r) => r.id);
  }

  /** Cancels a run that has not started yet. */
  async cancelQueued(id: string, now = new Date()): Promise<boolean> {
    return this.move(id, ['queued'], { status: 'cancelled', finishedAt: now });
  }

  /** Puts one running run back in the queue (interrupted by a stop of the runtime, not cancelled; with `epoch`: see `finish`). */
  async requeue(id: string, epoch?: number): Promise<boolean> {
    return this.move(id, ['running'], { status: 'queued', startedAt: null, nodes: null, keysOpen: false }, epoch);
  }

  /**
   * At start-up: runs that were running when the process died go back to the queue. Checkpoints
   * make the repeat safe (files already landed are skipped). Returns how many were re-queued.
   */
  async requeueInterrupted(): Promise<number> {
    const { runs } = this.c.t;
    const requeued = await this.c.run(() =>
      this.c
        .db()
        .update(runs)
        .set({ status: 'queued', startedAt: null, nodes: null, keysOpen: false })
        .where(eq(runs.status, 'running'))
        .returning({ id: runs.id }),
    );
    return requeued.length;
  }

  /** The id of a running run of the graph, if any. */
  async runningOf(graphId: string): Promise<string | undefined> {
    const { runs } = this.c.t;
    const [run] = await this.c.run(() =>
      this.c
        .db()
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.graphId, graphId), eq(runs.status, 'running')))
        .limit(1),
    );
    return run?.id;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const { runs } = this.c.t;
    const rows = await this.c.run(() => this.c.db().select({ status: runs.status, n: count() }).from(runs).groupBy(runs.status));
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Whether a full listing (a queued run without `keys`) of the graph is already waiting. */
  async hasQueuedListing(graphId: string): Promise<boolean> {
    const { runs } = this.c.t;
    const found = await this.c.run(() =>
      this.c
        .db()
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.graphId, graphId), eq(runs.status, 'queued'), not(this.c.sql.jsonHas(runs.triggerParams, 'keys'))))
        .limit(1),
    );
    return found.length > 0;
  }

  /** When a trigger of this kind last queued a run of the graph. */
  async lastQueuedAt(graphId: string, kind: TriggerKind): Promise<Date | undefined> {
    const { runs } = this.c.t;
    const [last] = await this.c.run(() =>
      this.c
        .db()
        .select({ at: runs.queuedAt })
        .from(runs)
        .where(and(eq(runs.graphId, graphId), eq(runs.triggerKind, kind)))
        .orderBy(desc(runs.queuedAt))
        .limit(1),
    );
    return last?.at;
  }

  /**
   * The status and errors of each of these runs that still exists: what the bucket event log needs
   * to close its events. Missing ids are runs deleted with their graph.
   */
  async outcomes(ids: readonly string[]): Promise<Map<string, RunOutcome>> {
    const unique = [...new Set(ids)];
    const { runs } = this.c.t;
    return this.c.run(async () => {
      const out = new Map<string, RunOutcome>();
      for (let i = 0; i < unique.length; i += OUTCOME_BATCH) {
        const rows = await this.c
          .db()
          .select({ id: runs.id, status: runs.status, errors: runs.errors })
          .from(runs)
          .where(inArray(runs.id, unique.slice(i, i + OUTCOME_BATCH)));
        for (const r of rows) out.set(r.id, { status: r.status, errors: r.errors });
      }
      return out;
    });
  }

  /** One conditional UPDATE: the run changes only from one of the statuses `from`; whether it did. */
  private async move(id: string, from: RunStatus[], set: Partial<RunRow>, epoch?: number): Promise<boolean> {
    const { runs } = this.c.t;
    const moved = await this.c.run(() =>
      this.c
        .db()
        .update(runs)
        .set(set)
        .where(and(eq(runs.id, id), inArray(runs.status, from), ...atEpoch(runs.attempts, epoch)))
        .returning({ id: runs.id }),
    );
    return moved.length === 1;
  }

  private async row(id: string): Promise<RunRow | undefined> {
    const { runs } = this.c.t;
    const [row] = await this.c.db().select().from(runs).where(eq(runs.id, id)).limit(1);
    return row;
  }

  /** The run `claimNext` takes, if the limits leave room for one (in its transaction). */
  private async nextToClaim(limits: ConcurrencyLimits): Promise<{ id: string; graphId: string } | undefined> {
    const { runs } = this.c.t;
    const [running] = await this.c.db().select({ n: count() }).from(runs).where(eq(runs.status, 'running'));
    if ((running?.n ?? 0) >= limits.global) return undefined;
    const [next] = await this.c
      .db()
      .select({ id: runs.id, graphId: runs.graphId })
      .from(runs)
      .where(
        and(
          eq(runs.status, 'queued'),
          sql`(select count(*) from ${runs} as busy where busy.graph_id = ${runs.graphId} and busy.status = 'running') < ${limits.perGraph}`,
        ),
      )
      .orderBy(runs.queuedAt, runs.id)
      .limit(1);
    return next;
  }
}

/** What `claimForJob` found: the run, now running here; its graph at its limit; or nothing left to run. */
export type JobClaim = { run: RunRow } | { busy: true } | { gone: RunStatus | 'deleted' };

/** The condition on a run's epoch, when the writer names one. */
const atEpoch = (attempts: SQLiteColumn, epoch: number | undefined) => (epoch === undefined ? [] : [eq(attempts, epoch)]);

/** What a run came to, as far as an event that queued it is concerned. */
export interface RunOutcome {
  status: RunStatus;
  errors: RunIssue[];
}

/** Ids per `IN (...)` query: well under SQLite's bound-parameter limit. */
const OUTCOME_BATCH = 500;
