import { fingerprintOf, type NodeStore, type SourceFile } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { FileLineage } from './file-lineage.ts';
import { settleFiles } from './settle-file.ts';

let tmp: TempStore;
beforeEach(async () => {
  tmp = await openTestStore();
});
afterEach(() => tmp.dispose());

const at = new Date('2026-11-26T00:00:00Z');
function lineage(seq: number, key: string, status: string[], opts: { skip?: boolean; land?: boolean; failHandler?: boolean } = {}): FileLineage {
  const origin: SourceFile = { sourceNode: 'src', key, uri: `mem://${key}`, size: 1, modifiedAt: at, fingerprint: fingerprintOf({ size: 1, modifiedAt: at }) };
  const l = new FileLineage(seq, origin, `${tmp.dir}/tmp`, () => {});
  if (opts.skip) l.skip = { node: 'cp', reason: 'unchanged' };
  if (opts.land) l.landings.push({ node: 'sink', table: 't', rows: 1, bytes: 1, commit: async () => {}, abort: async () => {} });
  l.handlers.push(async (outcome, tx) => {
    status.push(`${key}:${outcome.status}`);
    await tx.checkpoints.put({
      graphId: 'g',
      sourceNode: 'src',
      key,
      size: 1,
      modifiedAt: at,
      etag: null,
      versionId: null,
      fingerprint: origin.fingerprint,
      contentHash: null,
      rows: outcome.rows,
      status: outcome.status === 'processed' || outcome.status === 'skipped' ? 'processed' : 'failed',
      error: null,
      attempts: 0,
      runId: `r-${seq}`,
      firstSeenAt: at,
      updatedAt: at,
    });
    if (opts.failHandler) throw new Error('cannot record');
  });
  return l;
}

/** The store, counting its transactions (the outer one and every savepoint). */
function counting(store: NodeStore): { store: NodeStore; transactions: () => number } {
  let n = 0;
  return { store: { ...store, transaction: async (fn) => (n++, await store.transaction(fn)) }, transactions: () => n };
}

describe('settleFiles', () => {
  it('records files that did not land together, in one savepoint for the lot', async () => {
    const calls: string[] = [];
    const { store, transactions } = counting(tmp.store.nodeStore('g'));
    const batch = ['a', 'b', 'c', 'd'].map((k, i) => lineage(i, k, calls, { skip: true }));
    const outcomes = await settleFiles(batch, store, { warn: () => {} });
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(calls).toEqual(['a:skipped', 'b:skipped', 'c:skipped', 'd:skipped']);
    expect(transactions()).toBe(2);
    expect((await tmp.store.nodeStore('g').checkpoints.getMany('src', ['a', 'd'])).size).toBe(2);
  });

  it('keeps the others’ records when one file’s handler fails, and warns naming that file', async () => {
    const calls: string[] = [];
    const warnings: string[] = [];
    const batch = [lineage(1, 'a', calls, { skip: true }), lineage(2, 'b', calls, { skip: true, failHandler: true }), lineage(3, 'c', calls, { skip: true })];
    await settleFiles(batch, tmp.store.nodeStore('g'), { warn: (m) => warnings.push(m) });
    const found = await tmp.store.nodeStore('g').checkpoints.getMany('src', ['a', 'b', 'c']);
    expect([...found.keys()].sort()).toEqual(['a', 'c']);
    expect(warnings).toEqual(['mem://b: could not record the outcome "skipped": cannot record']);
    // After the group rolled back, each file's handlers ran again on their own.
    expect(calls.filter((c) => c === 'a:skipped')).toHaveLength(2);
  });

  it('settles a batch in order: a file settled twice keeps its later outcome', async () => {
    for (const order of [
      ['failed', 'processed'],
      ['processed', 'failed'],
    ] as const) {
      const calls: string[] = [];
      const batch = order.map((status, i) => {
        const l = lineage(i, 'k', calls, { land: status === 'processed' });
        if (status === 'failed') l.fail('parse', 'bad row');
        return l;
      });
      await settleFiles(batch, tmp.store.nodeStore('g'), { warn: () => {} });
      expect(calls).toEqual([`k:${order[0]}`, `k:${order[1]}`]);
      expect((await tmp.store.nodeStore('g').checkpoints.get('src', 'k'))?.status).toBe(order[1]);
    }
  });

  it('keeps a file committed whose publishing fails after the commit, and warns saying when it is published', async () => {
    const calls: string[] = [];
    const warnings: string[] = [];
    const l = lineage(1, 'a', calls, { land: true });
    l.landings[0]!.afterCommit = async () => {
      throw new Error('rename refused');
    };
    const [outcome] = await settleFiles([l], tmp.store.nodeStore('g'), { warn: (m) => warnings.push(m) });
    expect(outcome?.status).toBe('processed');
    expect((await tmp.store.nodeStore('g').checkpoints.get('src', 'a'))?.status).toBe('processed');
    expect(warnings).toEqual([
      'mem://a: committed to table t, but publishing its part failed: rename refused (the part is published when the runtime next starts or a run next writes the table)',
    ]);
  });
});
