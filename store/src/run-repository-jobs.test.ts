import { emptyGraph } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '@sluice/sdk/wire';
import { testCheckpointRecord } from '../testing/test-checkpoint.ts';
import { testGate } from '../testing/test-gate.ts';
import { openTestStore, reopenTestStore, TEST_STORE_DIALECT } from '../testing/test-store.ts';
import type { Store } from './open-store.ts';
import { RunFencedError } from './run-fenced-error.ts';
import type { TempStore } from './temp-store.ts';

// The run rows as a job queue's workers claim them (claimForJob) and the fence on their epoch.

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-run-jobs-');
  store = temp.store;
  await store.graphs.create(emptyGraph('A'), { id: 'ga' });
});
afterEach(() => temp.dispose());

const rev = () => 1;
const succeeded = (): RunSummary => {
  const at = new Date().toISOString();
  return { status: 'succeeded', startedAt: at, finishedAt: at, files: { processed: 1, skipped: 0, failed: 0 }, rows: 3, nodes: {}, errors: [], warnings: [] };
};
const queue = async () => (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } })).run;
const claimed = async (id: string) => {
  const claim = await store.runs.claimForJob(id, 1, rev);
  if (!('run' in claim)) throw new Error(`not claimed: ${JSON.stringify(claim)}`);
  return claim.run;
};

describe('RunRepository.claimForJob and fence', () => {
  it('claims a queued run at epoch 1, and takes a running one over at the next epoch', async () => {
    const run = await queue();
    expect(await claimed(run.id)).toMatchObject({ status: 'running', attempts: 1, graphRevision: 1 });
    // The queue handed the job to another worker: the run's epoch goes up.
    expect(await claimed(run.id)).toMatchObject({ status: 'running', attempts: 2 });
  });

  it('is busy while the graph runs as many other runs as its limit allows, and gone once a run ended', async () => {
    const first = await queue();
    const second = await queue();
    await claimed(first.id);
    expect(await store.runs.claimForJob(second.id, 1, rev)).toEqual({ busy: true });
    expect('run' in (await store.runs.claimForJob(second.id, 2, rev))).toBe(true);
    expect(await store.runs.finish(first.id, succeeded())).toBe(true);
    expect(await store.runs.claimForJob(first.id, 1, rev)).toEqual({ gone: 'succeeded' });
    const third = await queue();
    expect(await store.runs.cancelQueued(third.id)).toBe(true);
    expect(await store.runs.claimForJob(third.id, 1, rev)).toEqual({ gone: 'cancelled' });
    expect(await store.runs.claimForJob('run-that-never-was', 1, rev)).toEqual({ gone: 'deleted' });
  });

  it('lets the worker holding the epoch commit, and refuses the one that lost the run: its checkpoint is not kept', async () => {
    const run = await queue();
    const old = await claimed(run.id);
    const nodes = (epoch: number) => store.nodeStore('ga', { fence: () => store.runs.fence(run.id, epoch) });
    await nodes(old.attempts).transaction((tx) => tx.checkpoints.put(testCheckpointRecord('a.csv', { graphId: 'ga', runId: run.id })));
    const now = await claimed(run.id);
    const late = nodes(old.attempts).transaction((tx) => tx.checkpoints.put(testCheckpointRecord('b.csv', { graphId: 'ga', runId: run.id })));
    await expect(late).rejects.toBeInstanceOf(RunFencedError);
    await expect(late).rejects.toThrow(`run ${run.id} was taken over by another worker (this worker held it at attempt 1)`);
    await nodes(now.attempts).transaction((tx) => tx.checkpoints.put(testCheckpointRecord('c.csv', { graphId: 'ga', runId: run.id })));
    const keys = ['a.csv', 'b.csv', 'c.csv'];
    const kept = await store.nodeStore('ga').checkpoints.getMany('src', keys);
    expect([...kept.keys()].sort()).toEqual(['a.csv', 'c.csv']);
    // The run's own end is fenced too: the old worker's summary is not recorded, the new one's is.
    expect(await store.runs.finish(run.id, succeeded(), old.attempts)).toBe(false);
    expect(await store.runs.requeue(run.id, old.attempts)).toBe(false);
    expect(await store.runs.fail(run.id, 'late', new Date(), old.attempts)).toBe(false);
    expect(await store.runs.finish(run.id, succeeded(), now.attempts)).toBe(true);
    expect(await store.runs.get(run.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('records the cancel asked of a running run, and ends it at its next claim when its worker stopped first', async () => {
    const run = await queue();
    expect(await store.runs.askCancel(run.id)).toBe(false); // queued: cancelQueued's business
    await claimed(run.id);
    expect(await store.runs.cancelsAsked([run.id])).toEqual([]);
    expect(await store.runs.askCancel(run.id)).toBe(true);
    expect(await store.runs.cancelsAsked([run.id, 'other'])).toEqual([run.id]);
    // Its worker handed it back before it looked: the next claim ends it instead of running it.
    expect(await store.runs.requeue(run.id, 1)).toBe(true);
    expect(await store.runs.claimForJob(run.id, 1, rev)).toEqual({ gone: 'cancelled' });
    expect(await store.runs.get(run.id)).toMatchObject({ status: 'cancelled' });
  });

  it('refuses a fence outside a transaction', async () => {
    const run = await queue();
    await claimed(run.id);
    await expect(store.runs.fence(run.id, 1)).rejects.toThrow(/outside a transaction/);
  });

  it.runIf(TEST_STORE_DIALECT === 'postgres')('makes a takeover from another process wait for a fenced commit in flight, which then lands', async () => {
    const run = await queue();
    const old = await claimed(run.id);
    const other = await reopenTestStore(temp);
    try {
      const inCommit = testGate();
      const release = testGate();
      const commit = store.nodeStore('ga', { fence: () => store.runs.fence(run.id, old.attempts) }).transaction(async (tx) => {
        await tx.checkpoints.put(testCheckpointRecord('a.csv', { graphId: 'ga', runId: run.id }));
        inCommit.open();
        await release.opened;
      });
      await inCommit.opened;
      let tookOver = false;
      const takeover = other.runs.claimForJob(run.id, 1, rev).then((c) => {
        tookOver = true;
        return c;
      });
      await new Promise((r) => setTimeout(r, 300));
      // The fence holds the run's row: the takeover waits for the commit.
      expect(tookOver).toBe(false);
      release.open();
      await commit;
      expect(await takeover).toMatchObject({ run: { attempts: 2 } });
      expect((await store.nodeStore('ga').checkpoints.get('src', 'a.csv'))?.runId).toBe(run.id);
    } finally {
      await other.close();
    }
  });
});

describe('RunRepository: the key feed of a held run, shared through the store', () => {
  const keysRun = async (keys: string[]) => (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event', params: { keys } } })).run;
  const shared = { maxKeys: 4 };

  it('takes keys for a running run only while its holder keeps the feed open, up to the cap, and gives them to the holder', async () => {
    const run = await keysRun(['a']);
    await claimed(run.id);
    // Claimed, not opened yet: intake queues its keys elsewhere.
    expect(await store.runs.keys.openKeysRunOf('ga', 4)).toBeUndefined();
    expect(await store.runs.keys.addKeyToRunning(run.id, 'b', shared)).toBe(false);
    expect(await store.runs.keys.openKeys(run.id, 1)).toEqual(['a']);
    expect(await store.runs.keys.openKeysRunOf('ga', 4)).toBe(run.id);
    expect(await store.runs.keys.addKeyToRunning(run.id, 'b', shared)).toBe(true);
    expect(await store.runs.keys.addKeyToRunning(run.id, 'b', shared)).toBe(false);
    expect(await store.runs.keys.addKeyToRunning(run.id, 'c', shared)).toBe(true);
    expect(await store.runs.keys.addKeyToRunning(run.id, 'd', shared)).toBe(true);
    // Four keys is the cap.
    expect(await store.runs.keys.openKeysRunOf('ga', 4)).toBeUndefined();
    expect(await store.runs.keys.addKeyToRunning(run.id, 'e', shared)).toBe(false);
    expect(await store.runs.keys.keysOfRunning(run.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses to close while keys were added that the holder has not seen; once closed, takes no key', async () => {
    const run = await keysRun(['a']);
    await claimed(run.id);
    await store.runs.keys.openKeys(run.id, 1);
    await store.runs.keys.addKeyToRunning(run.id, 'b', shared);
    expect(await store.runs.keys.closeKeys(run.id, 1, 1)).toEqual({ closed: false, keys: ['a', 'b'] });
    expect(await store.runs.keys.closeKeys(run.id, 1, 2)).toEqual({ closed: true, keys: ['a', 'b'] });
    expect(await store.runs.keys.addKeyToRunning(run.id, 'c', shared)).toBe(false);
    expect(await store.runs.keys.openKeysRunOf('ga', 4)).toBeUndefined();
    // Closed by force (the run is ending): whatever was added is returned, for the holder to name.
    const other = await keysRun(['x']);
    await store.runs.finish(run.id, succeeded());
    await claimed(other.id);
    await store.runs.keys.openKeys(other.id, 1);
    await store.runs.keys.addKeyToRunning(other.id, 'y', shared);
    expect(await store.runs.keys.closeKeys(other.id, 1, 1, true)).toEqual({ closed: true, keys: ['x', 'y'] });
    expect(await store.runs.keys.addKeyToRunning(other.id, 'z', shared)).toBe(false);
  });

  it("leaves a run taken over to its new holder: the old one can neither open nor close its feed, and the claim closes the old one's", async () => {
    const run = await keysRun(['a']);
    await claimed(run.id);
    await store.runs.keys.openKeys(run.id, 1);
    expect(await claimed(run.id)).toMatchObject({ attempts: 2, keysOpen: false });
    // Between the takeover and the new holder's open, intake queues keys elsewhere.
    expect(await store.runs.keys.addKeyToRunning(run.id, 'b', shared)).toBe(false);
    expect(await store.runs.keys.openKeys(run.id, 1)).toBeUndefined();
    expect(await store.runs.keys.openKeys(run.id, 2)).toEqual(['a']);
    expect(await store.runs.keys.addKeyToRunning(run.id, 'b', shared)).toBe(true);
    // The paused first holder wakes and closes "its" feed: nothing changes.
    expect(await store.runs.keys.closeKeys(run.id, 1, 1, true)).toEqual({ closed: true, keys: [] });
    expect(await store.runs.keys.openKeysRunOf('ga', 4)).toBe(run.id);
    // Handed back to the queue: closed with it.
    expect(await store.runs.requeue(run.id, 2)).toBe(true);
    expect((await store.runs.get(run.id))?.keysOpen).toBe(false);
  });

  it.runIf(TEST_STORE_DIALECT === 'postgres')('makes a close wait for an intake transaction in flight in another process, and then refuses it', async () => {
    const run = await keysRun(['a']);
    await claimed(run.id);
    await store.runs.keys.openKeys(run.id, 1);
    const intake = await reopenTestStore(temp);
    try {
      const added = testGate();
      const release = testGate();
      const tx = intake.transaction(async () => {
        expect(await intake.runs.keys.addKeyToRunning(run.id, 'b', shared)).toBe(true);
        added.open();
        await release.opened;
      });
      await added.opened;
      let answered = false;
      const close = store.runs.keys.closeKeys(run.id, 1, 1).then((r) => {
        answered = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 300));
      // Intake holds the run's keys lock from its check to its commit.
      expect(answered).toBe(false);
      release.open();
      await tx;
      expect(await close).toEqual({ closed: false, keys: ['a', 'b'] });
    } finally {
      await intake.close();
    }
  });

  it('joins the keys of runs of its kind queued for its graph since its claim, as far as the cap allows, and removes those runs', async () => {
    await store.graphs.create(emptyGraph('B'), { id: 'gb' });
    const run = await keysRun(['a']);
    await claimed(run.id);
    const q1 = await keysRun(['b', 'c']);
    // Names a, which the run has: a newer version of it, to be read after the run, not joined.
    const newer = await keysRun(['a', 'z']);
    const q2 = await keysRun(['d']);
    const q3 = await keysRun(['e']);
    const manual = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual', params: { keys: ['x'] } } })).run;
    const otherGraph = (await store.runs.enqueue({ graphId: 'gb', trigger: { kind: 's3-event', params: { keys: ['y'] } } })).run;
    // Not open yet: nothing joins.
    expect(await store.runs.keys.joinQueuedKeys(run.id, 's3-event', 4)).toBeUndefined();
    await store.runs.keys.openKeys(run.id, 1);
    // q3 would pass the cap of 4 keys: it stays queued, and so does every later one.
    expect(await store.runs.keys.joinQueuedKeys(run.id, 's3-event', 4)).toEqual({ keys: ['a', 'b', 'c', 'd'], joined: [q1.id, q2.id] });
    expect(await store.runs.keys.keysOfRunning(run.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(await store.runs.get(q1.id)).toBeUndefined();
    expect(await store.runs.get(q2.id)).toBeUndefined();
    for (const r of [newer, q3, manual, otherGraph]) expect((await store.runs.get(r.id))?.status).toBe('queued');
    expect((await store.runs.get(newer.id))?.triggerParams.keys).toEqual(['a', 'z']);
    expect(await store.runs.keys.joinQueuedKeys(run.id, 's3-event', 4)).toEqual({ keys: ['a', 'b', 'c', 'd'], joined: [] });
  });

  it.runIf(TEST_STORE_DIALECT === 'postgres')('passes over a queued run whose keys another transaction is changing, instead of waiting for it', async () => {
    const run = await keysRun(['a']);
    await claimed(run.id);
    await store.runs.keys.openKeys(run.id, 1);
    const busy = await keysRun(['b']);
    const intake = await reopenTestStore(temp);
    try {
      const adding = testGate();
      const release = testGate();
      const tx = intake.transaction(async () => {
        expect(await intake.runs.keys.addKeysToQueued('ga', 's3-event', ['c'], 10)).toBe(busy.id);
        adding.open();
        await release.opened;
      });
      await adding.opened;
      expect(await store.runs.keys.joinQueuedKeys(run.id, 's3-event', 10)).toEqual({ keys: ['a'], joined: [] });
      release.open();
      await tx;
      expect((await store.runs.get(busy.id))?.triggerParams.keys).toEqual(['b', 'c']);
      expect(await store.runs.keys.joinQueuedKeys(run.id, 's3-event', 10)).toEqual({ keys: ['a', 'b', 'c'], joined: [busy.id] });
    } finally {
      await intake.close();
    }
  });
});
