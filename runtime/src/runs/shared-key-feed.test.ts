import { emptyGraph, type KeyFacts } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { SharedKeyFeed, type SharedKeyFeedDeps } from './shared-key-feed.ts';

// The store's side of a held run's key feed, as a worker of a PostgreSQL store uses it; intake in
// another process is played by the store calls it makes (bucket-event-shared-feed.test.ts runs it whole).

let temp: TempStore;
let asked: string[][];
beforeEach(async () => {
  temp = await openTestStore('sluice-shared-feed-');
  await temp.store.graphs.create(emptyGraph('G'), { id: 'g' });
  asked = [];
});
afterEach(() => temp.dispose());

const facts = (key: string): KeyFacts => ({ bucket: 'landing', size: key.length, etag: 'e'.repeat(32) });
const intake = { maxKeys: 100 };

/** A feed of the run at `epoch`, over the store, with a poll slow enough that the test decides when it looks. */
function feedOf(runId: string, epoch: number, keys: string[], o: { pollMs?: number; join?: SharedKeyFeedDeps['join']; noFacts?: true } = {}) {
  return new SharedKeyFeed(runId, 'g', epoch, keys, {
    keys: temp.store.runs.keys,
    open: (id, e) => temp.store.runs.keys.openKeys(id, e),
    ...(o.join ? { join: o.join } : {}),
    factsOf: async (_runId, fresh) => {
      if (o.noFacts) return {};
      asked.push(fresh);
      return Object.fromEntries(fresh.filter((k) => k !== 'no-facts').map((k) => [k, facts(k)]));
    },
    pollMs: o.pollMs ?? 60_000,
  });
}

/** A keys run claimed at epoch 1 and its feed. */
async function held(keys: string[], pollMs?: number) {
  const { run } = await temp.store.runs.enqueue({ graphId: 'g', trigger: { kind: 's3-event', params: { keys } } });
  const claim = await temp.store.runs.claimForJob(run.id, 1, () => 1);
  if (!('run' in claim)) throw new Error('not claimed');
  return { run, feed: feedOf(run.id, claim.run.attempts, keys, pollMs ? { pollMs } : {}) };
}

describe('SharedKeyFeed', () => {
  it('hands over the keys intake added since the claim, then those it finds later, each once with its facts', async () => {
    const { run, feed } = await held(['a']);
    // Added between the claim and the open (the run was in the list, its feed not yet open): refused.
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'early', intake)).toBe(false);
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'unshared')).toBe(true);
    expect(await feed.open()).toBe(true);
    expect(feed.take()).toEqual([{ key: 'unshared', facts: facts('unshared') }]);
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'b', intake)).toBe(true);
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'no-facts', intake)).toBe(true);
    expect(feed.take()).toEqual([]);
    await feed.look();
    await feed.look();
    expect(feed.take()).toEqual([{ key: 'b', facts: facts('b') }]);
    expect(feed.take()).toEqual([{ key: 'no-facts' }]);
    expect(feed.take()).toEqual([]);
    expect(asked).toEqual([['unshared'], ['b', 'no-facts']]);
    expect([...feed.takenAt.keys()]).toEqual(['unshared', 'b', 'no-facts']);
  });

  it('looks by itself while open', async () => {
    const { run, feed } = await held(['a'], 20);
    await feed.open();
    const arrived = feed.arrival();
    await temp.store.runs.keys.addKeyToRunning(run.id, 'b', intake);
    await arrived;
    expect(feed.take()).toEqual([{ key: 'b', facts: facts('b') }]);
    expect(await feed.close()).toEqual([]);
  });

  it('does not close while a key waits here or one was added in the store that it has not seen; closed, the store refuses keys', async () => {
    const { run, feed } = await held(['a']);
    await feed.open();
    await temp.store.runs.keys.addKeyToRunning(run.id, 'b', intake);
    // Not looked for yet: the close finds it in the store and refuses.
    expect(await feed.closeIfEmpty()).toBe(false);
    expect(await feed.closeIfEmpty()).toBe(false);
    expect(feed.take()).toEqual([{ key: 'b', facts: facts('b') }]);
    expect(await feed.closeIfEmpty()).toBe(true);
    expect(feed.take()).toBeNull();
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'c', intake)).toBe(false);
    expect(await temp.store.runs.keys.openKeysRunOf('g', 100)).toBeUndefined();
    expect(await feed.close()).toEqual([]);
  });

  it('closed by force, names the keys added in the store that it never handed over', async () => {
    const { run, feed } = await held(['a']);
    await feed.open();
    await temp.store.runs.keys.addKeyToRunning(run.id, 'b', intake);
    await feed.look();
    await temp.store.runs.keys.addKeyToRunning(run.id, 'c', intake);
    // The source ended (or the run broke) with b handed over and not taken, c never seen.
    expect(await feed.close()).toEqual([{ key: 'b', facts: facts('b') }, { key: 'c' }]);
    expect(await feed.close()).toEqual([]);
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'd', intake)).toBe(false);
  });

  it('opens nothing for a run another worker took over, and leaves its new holder’s feed alone', async () => {
    const { run, feed } = await held(['a']);
    const takeover = await temp.store.runs.claimForJob(run.id, 1, () => 1);
    expect(takeover).toMatchObject({ run: { attempts: 2 } });
    const theirs = feedOf(run.id, 2, ['a'], { noFacts: true });
    expect(await theirs.open()).toBe(true);
    expect(await feed.open()).toBe(false);
    expect(feed.take()).toBeNull();
    expect(await feed.close()).toEqual([]);
    expect(await temp.store.runs.keys.openKeysRunOf('g', 100)).toBe(run.id);
    await theirs.close();
  });

  it('takes the keys of a run queued for its graph meanwhile before it closes, and about once a second while open', async () => {
    const { run } = await held(['a']);
    // The same run's feed again, now joining: what RunService gives a held bucket-event run.
    const join = (id: string) =>
      temp.store.transaction(async () => {
        const joined = await temp.store.runs.keys.joinQueuedKeys(id, 's3-event', 100);
        return joined?.joined.length ? joined.keys : undefined;
      });
    const feed = feedOf(run.id, 1, ['a'], { join, noFacts: true });
    await feed.open();
    // Queued by an intake transaction that had not seen the feed open.
    const raced = (await temp.store.runs.enqueue({ graphId: 'g', trigger: { kind: 's3-event', params: { keys: ['b'] } } })).run;
    expect(await feed.closeIfEmpty()).toBe(false);
    expect(feed.take()).toEqual([{ key: 'b' }]);
    expect(await temp.store.runs.get(raced.id)).toBeUndefined();
    const later = (await temp.store.runs.enqueue({ graphId: 'g', trigger: { kind: 's3-event', params: { keys: ['c'] } } })).run;
    for (let i = 0; i < 10; i++) await feed.look();
    expect(feed.take()).toEqual([{ key: 'c' }]);
    expect(await temp.store.runs.get(later.id)).toBeUndefined();
    expect(await feed.closeIfEmpty()).toBe(true);
    expect(await temp.store.runs.keys.keysOfRunning(run.id)).toEqual(['a', 'b', 'c']);
  });
});
