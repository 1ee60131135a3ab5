import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openStore } from '@sluice/store';
import { runTestGraph } from '@sluice/engine/testing';
import type { GraphDocument } from '@sluice/sdk';
import { beforeAll, describe, expect, it } from 'vitest';

// Graphs run with their workspace as the graph folder: relative folders resolve there, and the
// runs are given `<base>/allowed` as their only input root, as the runtime would from its settings.
let base: string;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-srclocal-')));
});

let n = 0;
function workspace() {
  const dir = join(base, 'allowed', `w${n++}`);
  mkdirSync(join(dir, 'in'), { recursive: true });
  const data = join(base, `data${n}`);
  return { dir, input: join(dir, 'in'), data, access: { inputRoots: [join(base, 'allowed')], outputRoots: [data] } };
}

/** source-local -> checkpoint -> decompress -> parse-csv: every file is opened and parsed. */
function graph(source: Record<string, unknown>): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'source-local test',
    nodes: { src: node('source-local', 0, source), cp: node('checkpoint', 200, {}), gz: node('decompress', 400, {}), csv: node('parse-csv', 600, {}) },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } },
      { from: { node: 'cp', port: 'files' }, to: { node: 'gz', port: 'files' } },
      { from: { node: 'gz', port: 'files' }, to: { node: 'csv', port: 'files' } },
    ],
  };
}

const fileEvents = (events: { type: string }[]) =>
  events
    .filter((e): e is { type: 'file'; key: string; status: string } & typeof e => e.type === 'file')
    .map((e) => `${e.key}:${e.status}`)
    .sort();

function at(path: string, seconds: number) {
  const t = new Date(Date.UTC(2026, 5, 1) + seconds * 1000);
  utimesSync(path, t, t);
  return t;
}

describe('source-local through the executor', () => {
  it('lands only the files its patterns match, negations included, at any depth', async () => {
    const w = workspace();
    mkdirSync(join(w.input, 'sub'));
    for (const f of ['a.csv', 'b.csv', 'sub/c.csv', 'tmp_d.csv', 'e.txt']) writeFileSync(join(w.input, f), 'x\n1\n');
    const { summary, events } = await runTestGraph(graph({ folder: 'in', patterns: ['*.csv', '!tmp_*'] }), {
      dataDir: w.data,
      graphDir: w.dir,
      access: w.access,
    });
    expect(summary.errors).toEqual([]);
    expect(fileEvents(events)).toEqual(['a.csv:processed', 'b.csv:processed', 'sub/c.csv:processed']);
    expect(summary.nodes.src!.progress).toEqual({ done: 3, total: 3, unit: 'files listed' });
  });

  it('ends with a clear warning when no file matches', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.txt'), 'x');
    const { summary } = await runTestGraph(graph({ folder: w.input, patterns: ['*.csv.gz'] }), { dataDir: w.data, graphDir: w.dir, access: w.access });
    expect(summary.status).toBe('succeeded');
    expect(summary.files).toEqual({ processed: 0, skipped: 0, failed: 0 });
    expect(summary.warnings.map((x) => x.message)).toEqual([`no file in ${w.input} matches *.csv.gz`]);
  });

  it('fails a file over maxFileSize with both sizes, unread, and lands the others', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'small.csv'), 'x\n1\n');
    writeFileSync(join(w.input, 'big.csv'), `x\n${'1\n'.repeat(100)}`);
    const { summary } = await runTestGraph(graph({ folder: w.input, maxFileSize: 50 }), { dataDir: w.data, graphDir: w.dir, access: w.access });
    expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
    expect(summary.errors.map((e) => e.message)).toEqual([`file://${w.input}/big.csv: is 202 bytes, over the maxFileSize of 50 bytes; it was not read`]);
  });

  it('refuses a folder outside the allowed roots, through ".." or a link, naming the setting', async () => {
    const w = workspace();
    const outside = join(base, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.csv'), 'x\n1\n');
    symlinkSync(outside, join(w.input, 'link'));
    for (const folder of [join(w.input, '../../../outside'), join(w.input, 'link')]) {
      const { summary } = await runTestGraph(graph({ folder }), { dataDir: w.data, graphDir: w.dir, access: w.access });
      expect(summary.status).toBe('failed');
      expect(summary.files.processed).toBe(0);
      expect(summary.errors[0]!.message).toMatch(new RegExp(`resolves to ${outside}, which is outside the allowed roots .*SLUICE_ALLOWED_ROOTS`));
    }
  });

  it('with trigger keys, takes only those files', async () => {
    const w = workspace();
    for (const f of ['a.csv', 'b.csv', 'c.csv']) writeFileSync(join(w.input, f), 'x\n1\n');
    const { summary, events } = await runTestGraph(graph({ folder: w.input }), {
      dataDir: w.data,
      graphDir: w.dir,
      access: w.access,
      params: { keys: ['b.csv', '../escape.csv', 'missing.csv'] },
    });
    expect(fileEvents(events)).toEqual(['b.csv:processed']);
    expect(summary.warnings.map((x) => x.message).sort()).toEqual([
      `${w.input}/../escape.csv left out: is not a path inside the folder`,
      `${w.input}/missing.csv left out: does not exist`,
    ]);
  });
});

describe('incremental mode', () => {
  const read = async (data: string) => {
    const store = openStore({ dataDir: data });
    try {
      return await store.nodeStore('test-graph').checkpoints.getWatermark('src');
    } finally {
      await store.close();
    }
  };

  it('advances the watermark past succeeded files only, and still sees a late file inside the lookback', async () => {
    const w = workspace();
    const config = { folder: w.input, mode: 'incremental', lookbackSeconds: 60 };
    writeFileSync(join(w.input, 'a.csv'), 'x\n1\n');
    writeFileSync(join(w.input, 'b.csv.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef])); // corrupt gzip
    writeFileSync(join(w.input, 'c.csv'), 'x\n1\n');
    at(join(w.input, 'a.csv'), 100);
    const tb = at(join(w.input, 'b.csv.gz'), 200);
    const tc = at(join(w.input, 'c.csv'), 300);

    let r = await runTestGraph(graph(config), { dataDir: w.data, graphDir: w.dir, access: w.access });
    expect(fileEvents(r.events)).toEqual(['a.csv:processed', 'b.csv.gz:failed', 'c.csv:processed']);
    expect(await read(w.data)).toEqual(tb); // held back by the failed file

    writeFileSync(join(w.input, 'b.csv.gz'), gzipSync('x\n1\n'));
    at(join(w.input, 'b.csv.gz'), 201);
    r = await runTestGraph(graph(config), { dataDir: w.data, graphDir: w.dir, access: w.access });
    // a is older than watermark - lookback (200 - 60): not even listed, so not opened. c is listed
    // again and skipped by the checkpoint as unchanged.
    expect(fileEvents(r.events)).toEqual(['b.csv.gz:processed', 'c.csv:skipped']);
    expect(await read(w.data)).toEqual(tc);

    // A late file: arrives now with a time older than the watermark (300) but inside the lookback;
    // another older than the window (240) is not listed in incremental mode.
    writeFileSync(join(w.input, 'late.csv'), 'x\n1\n');
    at(join(w.input, 'late.csv'), 250);
    writeFileSync(join(w.input, 'too-late.csv'), 'x\n1\n');
    at(join(w.input, 'too-late.csv'), 150);
    r = await runTestGraph(graph(config), { dataDir: w.data, graphDir: w.dir, access: w.access });
    expect(fileEvents(r.events)).toEqual(['c.csv:skipped', 'late.csv:processed']);

    // A full listing (mode all) catches what the window missed; the checkpoint skips the rest.
    r = await runTestGraph(graph({ ...config, mode: 'all' }), { dataDir: w.data, graphDir: w.dir, access: w.access });
    expect(fileEvents(r.events)).toEqual(['a.csv:skipped', 'b.csv.gz:skipped', 'c.csv:skipped', 'late.csv:skipped', 'too-late.csv:processed']);
  });

  it('takes the files a trigger names whatever their time, and does not move the watermark for them', async () => {
    const w = workspace();
    const config = { folder: w.input, mode: 'incremental', lookbackSeconds: 60 };
    writeFileSync(join(w.input, 'a.csv'), 'x\n1\n');
    at(join(w.input, 'a.csv'), 100);
    await runTestGraph(graph(config), { dataDir: w.data, graphDir: w.dir, access: w.access, params: { keys: ['a.csv'] } });
    expect(await read(w.data)).toBeUndefined();

    writeFileSync(join(w.input, 'b.csv'), 'x\n1\n');
    const tb = at(join(w.input, 'b.csv'), 10_000);
    await runTestGraph(graph(config), { dataDir: w.data, graphDir: w.dir, access: w.access });
    expect(await read(w.data)).toEqual(tb);
    // a.csv is rewritten with its old time (far below watermark - lookback): a listing would not see
    // it, but a trigger that names it gets it processed.
    writeFileSync(join(w.input, 'a.csv'), 'x\n1\n2\n');
    at(join(w.input, 'a.csv'), 100);
    const r = await runTestGraph(graph(config), { dataDir: w.data, graphDir: w.dir, access: w.access, params: { keys: ['a.csv'] } });
    expect(fileEvents(r.events)).toEqual(['a.csv:processed']);
    expect(await read(w.data)).toEqual(tb);
  });
});
