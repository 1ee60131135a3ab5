import { mkdirSync, mkdtempSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openStore } from '@sluice/store';
import { runTestGraph } from '@sluice/engine/testing';
import type { CheckpointRecord, GraphDocument } from '@sluice/sdk';
import { beforeAll, describe, expect, it } from 'vitest';

let base: string;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-checkpoint-')));
});

let n = 0;
function workspace() {
  const dir = join(base, `w${n++}`);
  mkdirSync(join(dir, 'in'), { recursive: true });
  return { dir, input: join(dir, 'in'), data: join(dir, 'data') };
}

/** source-local -> checkpoint -> decompress -> parse-csv -> bronze-sink, paths relative (graph folder, data folder). */
function graph(w: ReturnType<typeof workspace>, checkpoint: Record<string, unknown> = {}, source: Record<string, unknown> = {}): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'checkpoint test',
    nodes: {
      src: node('source-local', 0, { folder: 'in', ...source }),
      cp: node('checkpoint', 200, checkpoint),
      gz: node('decompress', 400, {}),
      csv: node('parse-csv', 600, {}),
      sink: node('bronze-sink', 800, { table: 't' }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } },
      { from: { node: 'cp', port: 'files' }, to: { node: 'gz', port: 'files' } },
      { from: { node: 'gz', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

type FileEvent = { type: 'file'; key: string; status: string };
const statuses = (events: { type: string }[]) => (events.filter((e) => e.type === 'file') as FileEvent[]).map((e) => `${e.key}:${e.status}`).sort();

async function records(data: string): Promise<Record<string, Pick<CheckpointRecord, 'status' | 'attempts' | 'rows' | 'error'>>> {
  const store = openStore({ dataDir: data });
  try {
    const page = await store.checkpoints.list('test-graph', {}, 1000, 0);
    return Object.fromEntries(page.items.map((r) => [r.key, { status: r.status, attempts: r.attempts, rows: r.rows, error: r.error }]));
  } finally {
    await store.close();
  }
}

const corruptGzip = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef]);

describe('checkpoint through the executor', () => {
  it('processes every file once; the next run skips them all without opening one', async () => {
    const w = workspace();
    for (let i = 0; i < 40; i++) writeFileSync(join(w.input, `f${i}.csv.gz`), gzipSync(`x\n${i}\n${i}\n`));
    const first = await runTestGraph(graph(w), { dataDir: w.data, graphDir: w.dir });
    expect(first.summary.files).toEqual({ processed: 40, skipped: 0, failed: 0 });
    expect((await records(w.data))['f7.csv.gz']).toEqual({ status: 'processed', attempts: 0, rows: 2, error: null });

    const second = await runTestGraph(graph(w), { dataDir: w.data, graphDir: w.dir });
    expect(second.summary.files).toEqual({ processed: 0, skipped: 40, failed: 0 });
    expect(second.summary.nodes.cp!.filesSkipped).toBe(40);
    // Nothing went past the checkpoint: not one file was opened by the decompress node.
    expect(second.summary.nodes.gz!.filesIn).toBe(0);
    expect(second.summary.rows).toBe(0);
  });

  it('picks out of many unchanged files exactly the changed ones and the new one, each landed once', async () => {
    const w = workspace();
    // More files than one checkpoint look-up (500), one settle batch (256) or one stat batch (64) holds.
    const keys = Array.from({ length: 520 }, (_, i) => `d${i % 4}/f${i}.csv`);
    for (let d = 0; d < 4; d++) mkdirSync(join(w.input, `d${d}`));
    const t = new Date(Date.UTC(2026, 5, 1));
    for (const k of keys) {
      writeFileSync(join(w.input, k), 'x\n1\n');
      utimesSync(join(w.input, k), t, t);
    }
    const first = await runTestGraph(graph(w), { dataDir: w.data, graphDir: w.dir });
    expect(first.summary.files).toEqual({ processed: 520, skipped: 0, failed: 0 });

    // Same size, newer time; new content of another size, same time; a file never seen.
    const later = new Date(t.getTime() + 1000);
    utimesSync(join(w.input, 'd1/f101.csv'), later, later);
    writeFileSync(join(w.input, 'd2/f302.csv'), 'x\n1\n2\n3\n');
    utimesSync(join(w.input, 'd2/f302.csv'), t, t);
    writeFileSync(join(w.input, 'd3/new.csv'), 'x\n7\n');
    const again = await runTestGraph(graph(w), { dataDir: w.data, graphDir: w.dir });
    expect(again.summary.files).toEqual({ processed: 3, skipped: 520 - 2, failed: 0 });
    expect(statuses(again.events).filter((s) => s.endsWith(':processed'))).toEqual(['d1/f101.csv:processed', 'd2/f302.csv:processed', 'd3/new.csv:processed']);
    // Only those three went past the checkpoint.
    expect(again.summary.nodes.gz!.filesIn).toBe(3);
    const r = await records(w.data);
    expect(r['d2/f302.csv']!.rows).toBe(3);
    expect(r['d3/new.csv']!.rows).toBe(1);
    // Every file's rows are in the table once: the changed ones replaced, not added twice.
    const store = openStore({ dataDir: w.data });
    try {
      const [table] = await store.bronzeParts.tables();
      const parts = await store.bronzeParts.list(table!);
      expect(parts).toHaveLength(521);
      expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(520 + 2 + 1);
    } finally {
      await store.close();
    }

    const third = await runTestGraph(graph(w), { dataDir: w.data, graphDir: w.dir });
    expect(third.summary.files).toEqual({ processed: 0, skipped: 521, failed: 0 });
    expect(third.summary.nodes.gz!.filesIn).toBe(0);
  });

  it('processes a changed file again, unless reprocessChanged is off', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'x\n1\n');
    writeFileSync(join(w.input, 'b.csv'), 'x\n1\n');
    await runTestGraph(graph(w), { dataDir: w.data, graphDir: w.dir });
    writeFileSync(join(w.input, 'a.csv'), 'x\n1\n2\n');
    const off = await runTestGraph(graph(w, { reprocessChanged: false }), { dataDir: w.data, graphDir: w.dir });
    expect(statuses(off.events)).toEqual(['a.csv:skipped', 'b.csv:skipped']);
    const on = await runTestGraph(graph(w), { dataDir: w.data, graphDir: w.dir });
    expect(statuses(on.events)).toEqual(['a.csv:processed', 'b.csv:skipped']);
    expect((await records(w.data))['a.csv']!.rows).toBe(2);
  });

  it('retries a failing file, quarantines it after maxAttempts, and releases it when it changes', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'good.csv'), 'x\n1\n');
    writeFileSync(join(w.input, 'bad.csv.gz'), corruptGzip);
    const g = graph(w, { maxAttempts: 2 });

    let r = await runTestGraph(g, { dataDir: w.data, graphDir: w.dir });
    expect(statuses(r.events)).toEqual(['bad.csv.gz:failed', 'good.csv:processed']);
    expect((await records(w.data))['bad.csv.gz']).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('bad.csv.gz') });

    r = await runTestGraph(g, { dataDir: w.data, graphDir: w.dir });
    expect(statuses(r.events)).toEqual(['bad.csv.gz:failed', 'good.csv:skipped']);
    expect((await records(w.data))['bad.csv.gz']).toMatchObject({ status: 'quarantined', attempts: 2 });

    r = await runTestGraph(g, { dataDir: w.data, graphDir: w.dir });
    expect(statuses(r.events)).toEqual(['bad.csv.gz:skipped', 'good.csv:skipped']);
    expect(r.summary.errors).toEqual([]);

    writeFileSync(join(w.input, 'bad.csv.gz'), gzipSync('x\n5\n'));
    r = await runTestGraph(g, { dataDir: w.data, graphDir: w.dir });
    expect(statuses(r.events)).toEqual(['bad.csv.gz:processed', 'good.csv:skipped']);
    expect((await records(w.data))['bad.csv.gz']).toEqual({ status: 'processed', attempts: 0, rows: 1, error: null });
  });

  it('prunes old records by retention without letting a pruned file count as new', async () => {
    const w = workspace();
    const day = 86_400_000;
    const old = new Date(Date.now() - 100 * day);
    const recent = new Date(Date.now() - 1 * day);
    writeFileSync(join(w.input, 'old.csv'), 'x\n1\n');
    writeFileSync(join(w.input, 'recent.csv'), 'x\n1\n');
    utimesSync(join(w.input, 'old.csv'), old, old);
    utimesSync(join(w.input, 'recent.csv'), recent, recent);
    const g = graph(w, { retentionDays: 30 });
    await runTestGraph(g, { dataDir: w.data, graphDir: w.dir }); // both processed; the watermark moves to `recent`

    // Age the record of old.csv as if it was written 60 days ago (the real store, written directly).
    const store = openStore({ dataDir: w.data });
    try {
      const ns = store.nodeStore('test-graph');
      const rec = (await ns.checkpoints.get('src', 'old.csv'))!;
      await ns.transaction((tx) => tx.checkpoints.put({ ...rec, updatedAt: new Date(Date.now() - 60 * day) }));
    } finally {
      await store.close();
    }

    let r = await runTestGraph(g, { dataDir: w.data, graphDir: w.dir });
    expect(statuses(r.events)).toEqual(['old.csv:skipped', 'recent.csv:skipped']);
    expect(Object.keys(await records(w.data))).toEqual(['recent.csv']); // pruned at the end of that run

    // The file is listed again (mode all) without a record: it must not count as new.
    r = await runTestGraph(g, { dataDir: w.data, graphDir: w.dir });
    expect(statuses(r.events)).toEqual(['old.csv:skipped', 'recent.csv:skipped']);
    expect(r.summary.nodes.gz!.filesIn).toBe(0);
    expect(r.summary.warnings.map((x) => x.message)).toEqual([expect.stringMatching(/old\.csv: modified .* before the retention horizon .*not taken as new/)]);
  });
});
