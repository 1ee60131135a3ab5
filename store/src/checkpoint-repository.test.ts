import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testSqlRows, testSqlRun } from '../testing/test-sql.ts';
import { clientOf } from './store-client.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

let tmp: TempStore;
beforeEach(() => (tmp = openTempStore('sluice-checkpoints-')));
afterEach(() => tmp.dispose());

/** The SQL of the statement a graph's getMany runs, as its node store prepares it. */
function getManySql(graphId: string): string {
  const prepare = vi.spyOn(clientOf(tmp.store).sqlite, 'prepare');
  try {
    tmp.store.nodeStore(graphId);
    const sql = prepare.mock.calls.map(([source]) => source).filter((source) => source.includes('json_each'));
    expect(sql).toHaveLength(1);
    return sql[0]!;
  } finally {
    prepare.mockRestore();
  }
}

type Place = [graphId: string, sourceNode: string];
const EVERYWHERE: Place[] = [
  ['g1', 'src'],
  ['g1', 'other'],
  ['g2', 'src'],
];

/** Checkpoints in/0000001.csv to in/<n>.csv (n ≥ 1) of each place (a graph and a source node). */
function fill(n: number, places = EVERYWHERE): void {
  for (const [graphId, sourceNode] of places) {
    testSqlRun(
      tmp.store,
      `with recursive i(n) as (select 1 union all select n + 1 from i where n < ?)
       insert into checkpoints (graph_id, source_node, key, size, fingerprint, status, attempts, run_id, first_seen_at, updated_at)
       select ?, ?, printf('in/%07d.csv', n), 10, 'f' || n, 'processed', 0, 'run-1', 1000, 2000 from i`,
      n,
      graphId,
      sourceNode,
    );
  }
}

describe('getMany', () => {
  // Bound as the statement binds them: the keys, then the graph and the source node.
  const plan = (sql: string) => testSqlRows<{ detail: string }>(tmp.store, `explain query plan ${sql}`, '["a.csv"]', 'g1', 'src').map((r) => r.detail);
  const opcodes = (sql: string) => testSqlRows<{ opcode: string }>(tmp.store, `explain ${sql}`, '["a.csv"]', 'g1', 'src').map((r) => r.opcode);

  // A first run looks its files up in batches while it records them: a look-up that walks the
  // graph's checkpoints (a scan, or a search on graph and node alone) would grow with the table,
  // and one that puts the keys in a temporary b-tree first took 0.14 ms (median) per query there.
  it.each([
    ['an empty table', 0],
    ['a table of 3 × 2,000 rows (two graphs, two nodes) with statistics', 2000],
  ])('searches the primary key once per key, the keys driving, on %s', (_, rows) => {
    if (rows > 0) {
      fill(rows);
      testSqlRun(tmp.store, 'analyze');
    }
    const sql = getManySql('g1');
    const steps = plan(sql);
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^SCAN \S+ VIRTUAL TABLE/);
    expect(steps[1]).toMatch(/^SEARCH checkpoints USING (COVERING )?INDEX sqlite_autoindex_checkpoints_1 \(graph_id=\? AND source_node=\? AND key=\?\)$/);
    expect(steps.filter((s) => /^SCAN checkpoints/.test(s))).toEqual([]);
    expect(opcodes(sql)).not.toContain('OpenEphemeral');
  });

  it('finds only the given graph and source node, each key once', async () => {
    fill(3, [['g1', 'src']]);
    fill(5, [
      ['g1', 'other'],
      ['g2', 'src'],
    ]);
    const ns = tmp.store.nodeStore('g1');
    const found = await ns.checkpoints.getMany('src', ['in/0000002.csv', 'in/0000004.csv', 'in/0000002.csv', 'none.csv']);
    expect([...found.keys()]).toEqual(['in/0000002.csv']);
    expect(found.get('in/0000002.csv')).toEqual(await ns.checkpoints.get('src', 'in/0000002.csv'));
    expect(found.get('in/0000002.csv')).toMatchObject({ graphId: 'g1', sourceNode: 'src', fingerprint: 'f2', modifiedAt: null });
    expect((await ns.checkpoints.getMany('other', ['in/0000004.csv'])).get('in/0000004.csv')).toMatchObject({ graphId: 'g1', sourceNode: 'other' });
    expect((await tmp.store.nodeStore('g2').checkpoints.getMany('src', ['in/0000004.csv'])).get('in/0000004.csv')).toMatchObject({
      graphId: 'g2',
      sourceNode: 'src',
    });
    expect((await ns.checkpoints.getMany('src', [])).size).toBe(0);
  });
});
