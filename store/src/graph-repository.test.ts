import { emptyGraph, identifier } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open-store.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(() => {
  temp = openTempStore('sluice-graphs-');
  store = temp.store;
});
afterEach(() => temp.dispose());

describe('GraphRepository', () => {
  it('creates graphs with ids that are valid identifiers, even from odd names', () => {
    for (const name of ['Daily sales', '2024 backfill', 'Ünïcode ✓', '---']) {
      const g = store.graphs.create(emptyGraph(name));
      expect(identifier.safeParse(g.id).success, g.id).toBe(true);
      expect(g.revision).toBe(1);
    }
  });

  it('updates with optimistic locking and bumps the revision', () => {
    const g = store.graphs.create(emptyGraph('A'));
    const r1 = store.graphs.update(g.id, { ...g.document, name: 'B' }, 1);
    expect(r1).toMatchObject({ ok: true, graph: { name: 'B', revision: 2 } });
    expect(store.graphs.update(g.id, { ...g.document, name: 'C' }, 1)).toEqual({ ok: false, reason: 'conflict', revision: 2 });
    expect(store.graphs.get(g.id)?.name).toBe('B');
    expect(store.graphs.update('nope', g.document)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('lists newest first with a total, and deletes with the runs of the graph', () => {
    const a = store.graphs.create(emptyGraph('A'), { id: 'a', now: new Date(1000) });
    store.graphs.create(emptyGraph('B'), { id: 'b', now: new Date(2000) });
    const page = store.graphs.list(1, 0);
    expect(page.total).toBe(2);
    expect(page.items.map((g) => g.id)).toEqual(['b']);
    const { run } = store.runs.enqueue({ graphId: a.id, trigger: { kind: 'manual' } });
    store.runLogs.append(run.id, [{ at: new Date().toISOString(), level: 'info', message: 'x' }]);
    expect(store.graphs.delete(a.id)).toBe(true);
    expect(store.graphs.delete(a.id)).toBe(false);
    expect(store.runs.get(run.id)).toBeUndefined();
    expect(store.runLogs.list(run.id, { limit: 10 })).toEqual([]);
  });

  it('names every graph by id, each name as saved', () => {
    store.graphs.create(emptyGraph('Sales'), { id: 'b' });
    const a = store.graphs.create(emptyGraph('Sales'), { id: 'a' });
    store.graphs.update(a.id, { ...a.document, name: 'Sales (2)' });
    expect(store.graphs.names()).toEqual([
      { id: 'a', name: 'Sales (2)' },
      { id: 'b', name: 'Sales' },
    ]);
  });
});
