import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestGraph } from '@sluice/engine/testing';
import type { GraphDocument } from '@sluice/sdk';
import { beforeAll, describe, expect, it } from 'vitest';

// Issue 12, finding 5: the Bronze root was unconfined (any absolute or ../ root was written to), and
// the clean-up removed an existing folder's unrelated files as "uncommitted parts". Each attack runs a
// real graph; the run is given `<w>/data/bronze` as its only output root, as the runtime would.
let base: string;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-bronze-confine-')));
});

let n = 0;
function workspace() {
  const dir = join(base, `w${n++}`);
  mkdirSync(join(dir, 'in'), { recursive: true });
  writeFileSync(join(dir, 'in', 'a.csv'), 'id,name\n1,x\n2,y\n');
  const data = join(dir, 'data');
  const bronze = join(data, 'bronze');
  mkdirSync(bronze, { recursive: true });
  return { dir, data, bronze, access: { inputRoots: [join(dir, 'in')], outputRoots: [bronze] } };
}

function graph(sink: Record<string, unknown>): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'confinement',
    nodes: { src: node('source-local', 0, { folder: 'in', patterns: ['*.csv'] }), csv: node('parse-csv', 200, {}), sink: node('bronze-sink', 400, sink) },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

const run = (w: ReturnType<typeof workspace>, sink: Record<string, unknown>) =>
  runTestGraph(graph(sink), { dataDir: w.data, graphDir: w.dir, access: w.access });
const messages = (r: Awaited<ReturnType<typeof run>>) => r.summary.errors.map((e) => e.message).join('\n');

describe('bronze-sink confinement', () => {
  it('lands inside the output root (the default relative root)', async () => {
    const w = workspace();
    const r = await run(w, { table: 'sales' });
    expect(r.summary.errors).toEqual([]);
    expect(r.summary.rows).toBe(2);
    expect(existsSync(join(w.bronze, 'sales', '_sluice_manifest.json'))).toBe(true);
  });

  it('refuses an absolute root elsewhere (/tmp/elsewhere) and writes nothing there', async () => {
    const w = workspace();
    const elsewhere = join(base, `elsewhere-${n}`);
    const r = await run(w, { root: elsewhere, table: 'sales' });
    expect(r.summary.status).toBe('failed');
    expect(messages(r)).toContain(
      `Bronze root "${elsewhere}": the table folder ${elsewhere}/sales resolves to ${elsewhere}/sales, which is outside the output roots (${w.bronze}); only the runtime's SLUICE_OUTPUT_ROOTS setting can allow it`,
    );
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('refuses a root that climbs out with ".." (../x from the data folder)', async () => {
    const w = workspace();
    const r = await run(w, { root: '../x', table: 'sales' });
    expect(r.summary.status).toBe('failed');
    expect(messages(r)).toMatch(/Bronze root "\.\.\/x": the table folder .*\/x\/sales resolves to .*, which is outside the output roots/);
    expect(existsSync(join(w.dir, 'x'))).toBe(false);
    // Inside the root, ".." that stays inside is fine.
    expect((await run(w, { root: 'bronze/../bronze', table: 'ok' })).summary.errors).toEqual([]);
  });

  it('refuses a symbolic link in the output root that points out, for the root and for the table', async () => {
    const w = workspace();
    const outside = join(w.dir, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(w.bronze, 'link'));
    symlinkSync(outside, join(w.bronze, 'linked_table'));
    for (const sink of [{ root: 'bronze/link', table: 'sales' }, { table: 'linked_table' }]) {
      const r = await run(w, sink);
      expect(r.summary.status).toBe('failed');
      expect(messages(r)).toContain(`resolves to ${outside}`);
      expect(messages(r)).toContain('which is outside the output roots');
    }
    // A dangling link is followed to where a write would go.
    symlinkSync(join(w.dir, 'not-yet'), join(w.bronze, 'dangling'));
    const r = await run(w, { table: 'dangling' });
    expect(messages(r)).toContain(`resolves to ${join(w.dir, 'not-yet')}`);
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(w.dir, 'not-yet'))).toBe(false);
  });

  it('refuses a folder of foreign files that holds no Sluice manifest, and leaves every file alone', async () => {
    const w = workspace();
    const folder = join(w.bronze, 'reports');
    mkdirSync(join(folder, 'ingest_date=2026-01-01'), { recursive: true });
    const old = new Date(Date.now() - 86_400_000);
    const foreign = ['q1.xlsx', 'ingest_date=2026-01-01/part-0123456789abcdef-01234567.parquet'];
    for (const f of foreign) {
      writeFileSync(join(folder, f), 'mine');
      utimesSync(join(folder, f), old, old);
    }
    const r = await run(w, { table: 'reports' });
    expect(r.summary.status).toBe('failed');
    expect(messages(r)).toContain(`table folder ${folder} is not empty (it holds "`);
    expect(messages(r)).toContain('holds no Sluice manifest (_sluice_manifest.json): it is not a Bronze table');
    for (const f of foreign) expect(readFileSync(join(folder, f), 'utf8')).toBe('mine');
    expect(readdirSync(folder).sort()).toEqual(['ingest_date=2026-01-01', 'q1.xlsx']);
  });

  it('keeps foreign files that someone put into a Sluice table, and lands beside them', async () => {
    const w = workspace();
    expect((await run(w, { table: 'sales' })).summary.errors).toEqual([]);
    const table = join(w.bronze, 'sales');
    const day = readdirSync(table).find((f) => f.startsWith('ingest_date='))!;
    const old = new Date(Date.now() - 86_400_000);
    const foreign = ['README.txt', `${day}/notes.csv`, 'archive/part-0123456789abcdef-01234567.parquet'];
    mkdirSync(join(table, 'archive'));
    for (const f of foreign) {
      writeFileSync(join(table, f), 'mine');
      utimesSync(join(table, f), old, old);
    }
    writeFileSync(join(w.dir, 'in', 'b.csv'), 'id,name\n3,z\n');
    const r = await run(w, { table: 'sales' });
    expect(r.summary.errors).toEqual([]);
    for (const f of foreign) expect(readFileSync(join(table, f), 'utf8')).toBe('mine');
  });

  it('writes into an empty existing folder, or one holding only its own leftovers', async () => {
    const w = workspace();
    mkdirSync(join(w.bronze, 'fresh'));
    expect((await run(w, { table: 'fresh' })).summary.errors).toEqual([]);
    mkdirSync(join(w.bronze, 'crashed'));
    writeFileSync(join(w.bronze, 'crashed', '_sluice_manifest.json.0a1b2c3d.tmp'), '{');
    expect((await run(w, { table: 'crashed' })).summary.errors).toEqual([]);
  });
});
