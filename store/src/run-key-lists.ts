import { and, desc, eq } from 'drizzle-orm';
import type { RunStatus } from '@sluice/sdk/wire';
import type { TriggerKind } from './db/runs-table.ts';
import { runParamsProblem } from './run-params-limit.ts';
import type { StoreDb } from './store-db.ts';

/** The lock a run's key list is changed under (the list is read, extended and written back). */
const keysLock = (runId: string) => `sluice.runs.keys:${runId}`;

/** Queued runs one `joinQueuedKeys` looks at. */
const JOIN_AT_MOST = 100;

/**
 * The object keys of runs started for them (`trigger_params.keys`, bucket events): keys batched
 * into a queued run, fed to a running one, and the running run's key feed shared through the store
 * (`keys_open`). Part of RunRepository, the owner of the runs table (`store.runs.keys`); every change
 * of a list is made under the run's keys lock.
 */
export class RunKeyLists {
  constructor(private readonly c: StoreDb) {}

  /**
   * Batching: adds object keys to the newest run of the graph that was queued by this kind of
   * trigger and not claimed yet, and returns its id; undefined when there is none with room (in keys,
   * or in the params limit: 500 long keys can pass 64 KiB before the key cap). The run's key list
   * is read and written back under its lock (`StoreDb.exclusive`, re-read once held), so that two
   * processes adding keys to one run lose none; the write is conditional on the run still being
   * queued: a run `claimNext` flipped meanwhile is left alone.
   */
  async addKeysToQueued(graphId: string, kind: TriggerKind, keys: string[], maxKeys: number): Promise<string | undefined> {
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      const [newest] = await this.c
        .db()
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.graphId, graphId), eq(runs.status, 'queued'), eq(runs.triggerKind, kind)))
        .orderBy(desc(runs.queuedAt), desc(runs.id))
        .limit(1);
      if (!newest) return undefined;
      await this.c.exclusive(keysLock(newest.id));
      const run = await this.paramsOf(newest.id, 'queued');
      const current = run && keysOf(run.params);
      if (!run || !current || current.length + keys.length > maxKeys) return undefined;
      const fresh = keys.filter((k) => !current.includes(k));
      const params = { ...run.params, keys: [...current, ...fresh] };
      // Past the params limit (long keys before the key cap): the caller queues another run.
      if (runParamsProblem(params)) return undefined;
      const updated = await this.c
        .db()
        .update(runs)
        .set({ triggerParams: params })
        .where(and(eq(runs.id, run.id), eq(runs.status, 'queued')))
        .returning({ id: runs.id });
      return updated.length === 1 ? run.id : undefined;
    });
  }

  /**
   * Records a key fed to a running run in its params (inside the caller's transaction): if the
   * runtime dies, the run is queued again with this key among its own. False when the run is no
   * longer running, takes no keys, already has this one, or its params would pass their limit.
   * With `shared` (a run whose holder may be another process: `openKeys`), only while the holder
   * keeps its key feed open and the run has fewer than `shared.maxKeys` keys; the holder finds the
   * key in the run's params (`keysOfRunning`).
   */
  async addKeyToRunning(runId: string, key: string, shared?: { maxKeys: number }): Promise<boolean> {
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      await this.c.exclusive(keysLock(runId));
      const run = await this.paramsOf(runId, 'running');
      const current = run && keysOf(run.params);
      if (!run || !current || current.includes(key)) return false;
      if (shared && (!run.keysOpen || current.length >= shared.maxKeys)) return false;
      const params = { ...run.params, keys: [...current, key] };
      // Past the params limit: the key goes to a queued run instead (intake falls through to one).
      if (runParamsProblem(params)) return false;
      const updated = await this.c
        .db()
        .update(runs)
        .set({ triggerParams: params })
        .where(and(eq(runs.id, runId), eq(runs.status, 'running'), ...(shared ? [eq(runs.keysOpen, true)] : [])))
        .returning({ id: runs.id });
      return updated.length === 1;
    });
  }

  /**
   * The holder of a running run opens its key feed to intake in any process of the store: from
   * then on `addKeyToRunning(…, shared)` adds keys to it, until `closeKeys`. Returns the run's keys
   * as they are now (intake may have added some since the claim), or undefined when the run is no
   * longer running at `epoch` (taken over, or ended).
   */
  async openKeys(id: string, epoch: number): Promise<string[] | undefined> {
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      await this.c.exclusive(keysLock(id));
      const [run] = await this.c
        .db()
        .update(runs)
        .set({ keysOpen: true })
        .where(and(eq(runs.id, id), eq(runs.status, 'running'), eq(runs.attempts, epoch)))
        .returning({ params: runs.triggerParams });
      return run && (keysOf(run.params) ?? []);
    });
  }

  /**
   * Right after its holder opened its key feed (`openKeys`, in the same transaction): moves the keys
   * of the graph's runs queued by `kind` (bucket events that arrived between the claim and the open,
   * when no feed took keys) into this run, as far as `maxKeys` and the params limit allow, and
   * deletes those runs (not one that names a key the run already has: a newer version of an object
   * it has, to be read after it); returns the run's keys and the runs joined (their events are to be linked to
   * this run, by the caller, in the same transaction). A queued run whose keys lock another
   * transaction holds (intake adding a key to it) is passed over, not waited for: this transaction
   * holds the run's own keys lock, which intake may be waiting for.
   */
  async joinQueuedKeys(id: string, kind: TriggerKind, maxKeys: number): Promise<{ keys: string[]; joined: string[] } | undefined> {
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      await this.c.exclusive(keysLock(id));
      const [own] = await this.c
        .db()
        .select({ graphId: runs.graphId, params: runs.triggerParams, keysOpen: runs.keysOpen })
        .from(runs)
        .where(and(eq(runs.id, id), eq(runs.status, 'running')))
        .limit(1);
      const listed = own && keysOf(own.params);
      if (!own?.keysOpen || !listed) return undefined;
      let keys: string[] = listed;
      const queued = await this.c
        .db()
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.graphId, own.graphId), eq(runs.status, 'queued'), eq(runs.triggerKind, kind)))
        .orderBy(runs.queuedAt, runs.id)
        .limit(JOIN_AT_MOST);
      const joined: string[] = [];
      for (const q of queued) {
        if (!(await this.c.tryExclusive(keysLock(q.id)))) continue;
        const theirs = await this.paramsOf(q.id, 'queued');
        const more = theirs && keysOf(theirs.params);
        if (!more) continue;
        // A key the run already has is a newer version of its object (intake queues those apart, to
        // be read again after this run): such a run is left to run on its own.
        if (more.some((k) => keys.includes(k))) continue;
        const params = { ...own.params, keys: [...keys, ...more] };
        if (params.keys.length > maxKeys || runParamsProblem(params)) break;
        const gone = await this.c
          .db()
          .delete(runs)
          .where(and(eq(runs.id, q.id), eq(runs.status, 'queued')))
          .returning({ id: runs.id });
        if (!gone.length) continue;
        keys = params.keys;
        joined.push(q.id);
      }
      if (joined.length)
        await this.c
          .db()
          .update(runs)
          .set({ triggerParams: { ...own.params, keys } })
          .where(eq(runs.id, id));
      return { keys, joined };
    });
  }

  /** The keys of a running run, when it has a list: what its holder looks at for keys added by intake elsewhere. */
  async keysOfRunning(id: string): Promise<string[] | undefined> {
    return this.c.run(async () => {
      const run = await this.paramsOf(id, 'running');
      return run && keysOf(run.params);
    });
  }

  /**
   * Closes a run's shared key feed unless intake added keys the holder has not seen (more than
   * `seen`): checked and closed under the run's keys lock, which intake holds from its check to its
   * commit, so a key is either in the list this returns or refused to intake (which then queues it
   * for another run). `force` closes whatever was added (the run is ending anyway); the keys are
   * returned so that the holder knows which it never took. A run no longer held at `epoch` closes
   * nothing: its feed is its new holder's (`keys` is then empty).
   */
  async closeKeys(id: string, epoch: number, seen: number, force = false): Promise<{ closed: boolean; keys: string[] }> {
    const { runs } = this.c.t;
    return this.c.atomic(async () => {
      await this.c.exclusive(keysLock(id));
      const [run] = await this.c
        .db()
        .select({ params: runs.triggerParams })
        .from(runs)
        .where(and(eq(runs.id, id), eq(runs.status, 'running'), eq(runs.attempts, epoch)))
        .limit(1);
      if (!run) return { closed: true, keys: [] };
      const keys = keysOf(run.params) ?? [];
      if (!force && keys.length > seen) return { closed: false, keys };
      await this.c.db().update(runs).set({ keysOpen: false }).where(eq(runs.id, id));
      return { closed: true, keys };
    });
  }

  /** A running run of the graph whose holder keeps its key feed open, with room for one more key. */
  async openKeysRunOf(graphId: string, maxKeys: number): Promise<string | undefined> {
    const { runs } = this.c.t;
    const open = await this.c.run(() =>
      this.c
        .db()
        .select({ id: runs.id, params: runs.triggerParams })
        .from(runs)
        .where(and(eq(runs.graphId, graphId), eq(runs.status, 'running'), eq(runs.keysOpen, true))),
    );
    return open.find((r) => (keysOf(r.params)?.length ?? maxKeys) < maxKeys)?.id;
  }

  /** A run's trigger params, if it is in `status`. */
  private async paramsOf(id: string, status: RunStatus): Promise<{ id: string; params: Record<string, unknown>; keysOpen: boolean } | undefined> {
    const { runs } = this.c.t;
    const [run] = await this.c
      .db()
      .select({ id: runs.id, params: runs.triggerParams, keysOpen: runs.keysOpen })
      .from(runs)
      .where(and(eq(runs.id, id), eq(runs.status, status)))
      .limit(1);
    return run;
  }
}

/** A run's object keys, when its trigger gave it a list (a run without one lists its sources). */
function keysOf(params: Record<string, unknown>): string[] | undefined {
  return Array.isArray(params.keys) ? (params.keys as string[]) : undefined;
}
