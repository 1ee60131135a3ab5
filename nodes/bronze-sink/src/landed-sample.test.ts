import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTestGraph } from '@sluice/engine/testing';
import type { GraphDocument } from '@sluice/sdk';
import { openStore } from '@sluice/store';
import pl from 'nodejs-polars';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonCell, landedSample } from './landed-sample.ts';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

function workspace() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-landed-')));
  mkdirSync(join(dir, 'in'));
  const data = join(dir, 'data');
  const bronze = join(data, 'bronze');
  mkdirSync(bronze, { recursive: true });
  return { dir, data, bronze, access: { inputRoots: [join(dir, 'in')], outputRoots: [bronze], allowedEndpoints: [] } };
}

const graph: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'landed',
  nodes: {
    src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: 'in', patterns: ['*.csv'] } },
    csv: { type: 'parse-csv', typeVersion: 1, position: { x: 200, y: 0 }, config: {} },
    sink: { type: 'bronze-sink', typeVersion: 1, position: { x: 400, y: 0 }, config: { table: 'sales' } },
  },
  edges: [
    { from: { node: 'src', port: 'files' }, to: { node: 'csv', port: 'files' } },
    { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
  ],
};

async function landAndRead(w: ReturnType<typeof workspace>) {
  const r = await runTestGraph(graph, { dataDir: w.data, graphDir: w.dir, access: w.access });
  expect(r.summary.errors).toEqual([]);
  const store = openStore({ dataDir: w.data });
  opened.push(store);
  const parts = store.nodeStore('test-graph').parts;
  const table = pathToFileURL(join(w.bronze, 'sales')).href;
  const runIds = [...new Set((await parts.list(table)).map((p) => p.runId))];
  const ctx = { parts, dirs: { data: w.data, graph: w.dir }, access: w.access, secrets: { get: async () => undefined } };
  return {
    store,
    table,
    runIds,
    ctx,
    read: (runId: string, rows = 20, maxBytes = 100_000, config: Record<string, unknown> = { table: 'sales' }) =>
      landedSample.sample(config, { runId, rows, maxBytes }, ctx),
  };
}

describe('bronze-sink readsBack: what a run landed, read back from the table', () => {
  it('lists the rows, source files, columns and first rows of each run, only its own', async () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'in', 'a.csv'), 'id,name\n1,ann\n2,bob\n');
    writeFileSync(join(w.dir, 'in', 'b.csv'), 'id,name\n3,cy\n4,dee\n5,eve\n');
    const first = await landAndRead(w);
    const s = await first.read(first.runIds[0]!);
    expect(s).toMatchObject({ table: first.table, rowsLanded: 5, filesTotal: 2, truncated: false });
    expect(s.files.map((f) => [f.key, f.rows]).sort()).toEqual([
      ['a.csv', 2],
      ['b.csv', 3],
    ]);
    expect(s.files.every((f) => f.sourceNode === 'src' && /^ingest_date=.*\.parquet$/.test(f.part))).toBe(true);
    expect(s.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['id', 'name', '_source_file']));
    expect(s.rows.map((r) => r.name).sort()).toEqual(['ann', 'bob', 'cy', 'dee', 'eve']);

    // A second run (no checkpoint in this graph) lands the three files again: the table holds them
    // as the second run wrote them, and the first run's rows are no longer there to read.
    await first.store.close();
    opened.length = 0;
    writeFileSync(join(w.dir, 'in', 'c.csv'), 'id,name\n6,fay\n');
    const second = await landAndRead(w);
    const newRun = second.runIds.find((id) => id !== first.runIds[0])!;
    expect(second.runIds).toEqual([newRun]);
    const s2 = await second.read(newRun);
    expect(s2).toMatchObject({ rowsLanded: 6, filesTotal: 3 });
    expect(s2.rows.map((r) => [r.name, r._run_id]).sort()).toEqual(['ann', 'bob', 'cy', 'dee', 'eve', 'fay'].map((n) => [n, newRun]));
    expect(await second.read(first.runIds[0]!)).toMatchObject({ rowsLanded: 0, files: [], rows: [], truncated: false });
    expect(await second.read('run-that-landed-nothing')).toMatchObject({ rowsLanded: 0, files: [], rows: [], truncated: false });
  });

  it('reads a part of several files once, all its rows, and lists each of its files', async () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'in', 'a.csv'), 'id,name\n1,ann\n2,bob\n');
    writeFileSync(join(w.dir, 'in', 'b.csv'), 'id,name\n3,cy\n4,dee\n5,eve\n');
    const t = await landAndRead(w);
    // The two files' parts written again by hand as one part of both, recorded for each file.
    const tableDir = join(w.bronze, 'sales');
    const landed = await t.ctx.parts.list(t.table);
    const path = landed[0]!.path.replace(/[^/]+$/, 'part-batch.parquet');
    pl.concat(landed.map((p) => pl.readParquet(join(tableDir, p.path)))).writeParquet(join(tableDir, path), { compression: 'zstd' });
    await t.store.nodeStore('test-graph').transaction(async (tx) => {
      for (const p of landed) await tx.parts.add({ ...p, path, runId: 'run-batch' });
    });
    const s = await t.read('run-batch');
    expect(s).toMatchObject({ rowsLanded: 5, filesTotal: 2, truncated: false });
    expect(s.files.map((f) => [f.key, f.rows, f.part]).sort()).toEqual([
      ['a.csv', 2, path],
      ['b.csv', 3, path],
    ]);
    expect(s.rows.map((r) => r.name).sort()).toEqual(['ann', 'bob', 'cy', 'dee', 'eve']);
    const cut = await t.read('run-batch', 4);
    expect(cut.rows.map((r) => r.name).sort()).toEqual(['ann', 'bob', 'cy', 'dee']);
    expect(cut.truncated).toBe(true);
  });

  it('keeps to the row limit and the size limit, saying the sample is cut', async () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'in', 'big.csv'), `id,name\n${Array.from({ length: 50 }, (_, i) => `${i},${'x'.repeat(100)}`).join('\n')}\n`);
    const t = await landAndRead(w);
    const byRows = await t.read(t.runIds[0]!, 10);
    expect(byRows.rows).toHaveLength(10);
    expect(byRows).toMatchObject({ rowsLanded: 50, truncated: true });
    const bySize = await t.read(t.runIds[0]!, 50, 1_000);
    expect(bySize.rows.length).toBeGreaterThan(0);
    expect(bySize.rows.length).toBeLessThan(10);
    expect(Buffer.byteLength(JSON.stringify(bySize.rows))).toBeLessThanOrEqual(1_000 + 2 * bySize.rows.length);
    expect(bySize.truncated).toBe(true);
  });

  it('reads only inside the output roots, and no part a hostile manifest names outside the table', async () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'in', 'a.csv'), 'id\n1\n');
    const t = await landAndRead(w);
    const elsewhere = join(w.dir, 'elsewhere');
    await expect(t.read(t.runIds[0]!, 20, 100_000, { root: elsewhere, table: 'sales' })).rejects.toThrow(
      /Bronze root ".*elsewhere": the table folder .* is outside the output roots/,
    );
    await t.store
      .nodeStore('test-graph')
      .transaction(async (tx) =>
        tx.parts.add({ ...(await t.store.nodeStore('test-graph').parts.list(t.table))[0]!, path: '../../../../etc/passwd', runId: 'run-hostile' }),
      );
    await expect(t.read('run-hostile')).rejects.toThrow(
      /the manifest lists a part named "..\/..\/..\/..\/etc\/passwd", which is not a part name the sink writes/,
    );
  });

  it('turns cells into JSON values: big integers and dates as text, bytes described, long text cut', () => {
    expect(jsonCell(12n)).toBe(12);
    expect(jsonCell(2n ** 62n)).toBe('4611686018427387904');
    expect(jsonCell(new Date('2026-12-05T00:00:00Z'))).toBe('2026-12-05T00:00:00.000Z');
    expect(jsonCell(new Uint8Array(3))).toBe('<3 bytes>');
    expect(jsonCell(Number.NaN)).toBe('NaN');
    expect(jsonCell(undefined)).toBeNull();
    expect(jsonCell({ a: 1n })).toBe('{"a":"1"}');
    expect(String(jsonCell('y'.repeat(600))).length).toBe(501);
  });
});
