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
