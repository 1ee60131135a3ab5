import { emptyGraph, identifier } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open-store.ts';
import { openTestStore } from '../testing/test-store.ts';
import type { TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-graphs-');
  store = temp.store;
});
afterEach(() => temp.dispose());

describe('GraphRepository', () => {
  it('creates graphs with ids that are valid identifiers, even from odd names', async () => {
    for (const name of ['Daily sales', '2024 backfill', 'Ünïcode ✓', '---']) {
      const g = await store.graphs.create(emptyGraph(name));
      expect(identifier.safeParse(g.id).success, g.id).toBe(true);
      expect(g.revision).toBe(1);
    }
  });

  it('updates with optimistic locking and bumps the revision', async () => {
    const g = await store.graphs.create(emptyGraph('A'));
    const r1 = await store.graphs.update(g.id, { ...g.document, name: 'B' }, 1);
    expect(r1).toMatchObject({ ok: true, graph: { name: 'B', revision: 2 } });
    expect(await store.graphs.update(g.id, { ...g.document, name: 'C' }, 1)).toEqual({ ok: false, reason: 'conflict', revision: 2 });
    expect((await store.graphs.get(g.id))?.name).toBe('B');
    expect(await store.graphs.update('nope', g.document)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('lists newest first with a total, and deletes with the runs of the graph', async () => {
    const a = await store.graphs.create(emptyGraph('A'), { id: 'a', now: new Date(1000) });
    await store.graphs.create(emptyGraph('B'), { id: 'b', now: new Date(2000) });
    const page = await store.graphs.list(1, 0);
    expect(page.total).toBe(2);
    expect(page.items.map((g) => g.id)).toEqual(['b']);
    const { run } = await store.runs.enqueue({ graphId: a.id, trigger: { kind: 'manual' } });
    await store.runLogs.append(run.id, [{ at: new Date().toISOString(), level: 'info', message: 'x' }]);
    expect(await store.graphs.delete(a.id)).toBe(true);
    expect(await store.graphs.delete(a.id)).toBe(false);
    expect(await store.runs.get(run.id)).toBeUndefined();
    expect(await store.runLogs.list(run.id, { limit: 10 })).toEqual([]);
  });

  it('names every graph by id, each name as saved', async () => {
    await store.graphs.create(emptyGraph('Sales'), { id: 'b' });
    const a = await store.graphs.create(emptyGraph('Sales'), { id: 'a' });
    await store.graphs.update(a.id, { ...a.document, name: 'Sales (2)' });
    expect(await store.graphs.names()).toEqual([
      { id: 'a', name: 'Sales (2)' },
      { id: 'b', name: 'Sales' },
    ]);
  });

  it('changes its mark on every create, save and delete, and only then', async () => {
    const marks = [await store.graphs.changeMark()];
    const g = await store.graphs.create(emptyGraph('A'), { now: new Date(1_700_000_000_123) });
    marks.push(await store.graphs.changeMark());
    expect(await store.graphs.changeMark()).toBe(marks[1]);
    await store.graphs.update(g.id, { ...g.document, name: 'B' }, undefined, new Date(1_700_000_000_123));
    marks.push(await store.graphs.changeMark());
    await store.graphs.delete(g.id);
    marks.push(await store.graphs.changeMark());
    // Each step differs from the one before it (a delete brings back the mark of the same rows before).
    expect(marks.slice(1).every((m, i) => m !== marks[i])).toBe(true);
    expect(marks).toEqual(['0:0:0', '1:1700000000123:1', '1:1700000000123:2', '0:0:0']);
  });

  it('finds a webhook secret named by any stored graph, taking odd names literally', async () => {
    const doc = emptyGraph('Hooked');
    await store.graphs.create({
      ...doc,
      settings: { ...doc.settings, triggers: { webhook: { enabled: false, path: 'hooked', auth: 'bearer', secretRef: 'it\'s "odd"' } } },
    });
    expect(await store.graphs.namesWebhookSecret('it\'s "odd"')).toBe(true);
    expect(await store.graphs.namesWebhookSecret('other')).toBe(false);
  });
});
