import { mkdtempSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chainGraph } from '@sluice/engine/testing';
import { main } from './main.ts';

const EXAMPLE = fileURLToPath(new URL('../../../examples/gzip-csv-to-bronze/graph.json', import.meta.url));
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('sluice CLI', () => {
  it('runs the example headless with a per-node summary, and the second run processes no file', async () => {
    const data = temp();
    expect(await main(['run', EXAMPLE, '--data', data], {})).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^node\s+type\s+state\s+files in/m);
    expect(text).toMatch(/^sales\s+bronze-sink\s+done/m);
    expect(text).toMatch(/succeeded in \d+ ms: 6 processed, 0 skipped, 0 failed, 336 rows landed/);
    out = [];
    expect(await main(['run', EXAMPLE, '--data', data], {})).toBe(0);
    expect(out.join('\n')).toMatch(/succeeded in \d+ ms: 0 processed, 6 skipped, 0 failed, 0 rows landed/);
  });

  it("brings the tables of the graph it runs back in line first, as the server start does: a committed part left pending is published, a crashed run's part removed", async () => {
    const data = temp();
    expect(await main(['run', EXAMPLE, '--data', data], {})).toBe(0);
    const table = join(data, 'bronze', 'sales');
    const day = readdirSync(table).find((f) => f.startsWith('ingest_date='))!;
    const committed = readdirSync(join(table, day)).find((f) => f.endsWith('.parquet'))!;
    // A crash between a commit and the part's rename, and a run that crashed before its commit.
    renameSync(join(table, day, committed), join(table, day, `.${committed}.pending`));
    const crashed = join(table, day, 'part-9999999999999999-99999999.parquet');
    writeFileSync(crashed, 'written by a run that crashed before its commit');
    utimesSync(crashed, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

    out = [];
    expect(await main(['run', EXAMPLE, '--data', data], {})).toBe(0);
    expect(out.join('\n')).toMatch(/succeeded in \d+ ms: 0 processed, 6 skipped, 0 failed, 0 rows landed/);
    const files = readdirSync(join(table, day));
    expect(files).toContain(committed);
    expect(files.filter((f) => f.includes('pending') || f.startsWith('part-9999'))).toEqual([]);
  });

  it('exits 1 naming the problems of a graph that cannot run, and of a file that is not JSON', async () => {
    const dir = temp();
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'sluice-graph',
        version: 1,
        name: 'x',
        nodes: { a: { type: 'nope', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
        edges: [],
      }),
    );
    expect(await main(['run', bad, '--data', dir], {})).toBe(1);
    expect(err.join('\n')).toContain('nodes.a.type: unknown node type "nope"');
    writeFileSync(bad, '{');
    expect(await main(['run', bad, '--data', dir], {})).toBe(1);
    expect(err.join('\n')).toMatch(/bad\.json: cannot read the graph: .*JSON/);
  });

  it('refuses a data folder held by a running server', async () => {
    const data = temp();
    writeFileSync(join(data, 'server.lock'), String(process.ppid));
    expect(await main(['run', EXAMPLE, '--data', data], {})).toBe(1);
    expect(err.join('\n')).toMatch(/in use by another Sluice process .*POST \/api\/graphs\/:id\/runs/);
  });

  it('exits 1 when a file fails', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'broken.csv.gz'), 'this is not gzip at all but named so');
    const graph = join(dir, 'graph.json');
    writeFileSync(
      graph,
      JSON.stringify(
        chainGraph('broken', [
          { id: 'src', type: 'source-local', config: { folder: '.', patterns: ['*.csv.gz'] } },
          { id: 'csv', type: 'parse-csv' },
        ]),
      ),
    );
    writeFileSync(join(dir, 'broken.csv.gz'), Buffer.from([0x1f, 0x8b, 0, 0]));
    // The data folder apart from the graph's folder: a folder that holds it is never an input root.
    expect(await main(['run', graph, '--data', temp()], {})).toBe(1);
    expect(out.join('\n')).toMatch(/1 failed/);
  });

  it("refuses to start or run with a root that holds the runtime's code or the data folder (issue 12, findings 4 and 6)", async () => {
    const workspace = fileURLToPath(new URL('../../..', import.meta.url));
    const data = temp();
    expect(await main(['serve', '--port', '0', '--data', data], { SLUICE_ALLOWED_ROOTS: workspace })).toBe(1);
    expect(err.join('\n')).toMatch(/sluice serve: SLUICE_ALLOWED_ROOTS: ".*" \(.*\) cannot be a root: it holds the workspace/);
    err = [];
    expect(await main(['run', EXAMPLE, '--data', data], { SLUICE_OUTPUT_ROOTS: data })).toBe(1);
    expect(err.join('\n')).toMatch(/sluice run: SLUICE_OUTPUT_ROOTS: ".*" \(.*\) cannot be a root: it holds the data folder/);
  });

  it('previews a file as JSON through the parse plugin, decompressing it first', async () => {
    const input = fileURLToPath(new URL('../../../examples/gzip-csv-to-bronze/input/2026-11', import.meta.url));
    const { readdirSync } = await import('node:fs');
    const gz = readdirSync(input).find((f) => f.endsWith('.csv.gz'))!;
    expect(await main(['preview', join(input, gz), '--rows', '3'], {})).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result.format).toBe('csv');
    expect(result.rows).toHaveLength(3);
    expect(result.schema.map((c: { name: string }) => c.name)).toContain('order_id');
  });

  it('answers usage mistakes with exit code 2 and the reason', async () => {
    expect(await main(['frobnicate'], {})).toBe(2);
    expect(err.join('\n')).toContain('unknown command "frobnicate"');
    expect(await main(['serve', '--port', 'abc'], {})).toBe(2);
    expect(err.join('\n')).toContain('--port: "abc" is not a port number');
    expect(await main(['serve', '--concurrency', '0'], {})).toBe(2);
    expect(err.join('\n')).toContain('--concurrency: "0" must be a whole number from 1 to 1000');
    expect(await main(['serve', '--bogus'], {})).toBe(2);
    expect(err.join('\n')).toMatch(/bogus/);
    expect(await main(['preview', 'x.csv', '--rows', '0'], {})).toBe(2);
    expect(err.join('\n')).toContain('--rows: "0" must be a whole number');
    expect(await main(['serve'], { SLUICE_PORT: '99999' })).toBe(2);
    expect(err.join('\n')).toContain('SLUICE_PORT: "99999" is not a port number');
  });
});
