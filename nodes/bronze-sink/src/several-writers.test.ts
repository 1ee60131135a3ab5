import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTestGraph } from '@sluice/engine/testing';
import { definePlugin, type FileItem, type GraphDocument } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { partFiles, readTable, workspace } from '../testing/bronze-workspace.ts';

// Two runs of two graphs writing one Bronze table at once (in one process here, on one SQLite store,
// as two processes on one machine would): neither waits for the other to end, and every row of both
// lands once. Across processes on PostgreSQL: runtime/src/cluster/workers.process.test.ts.

/** Holds the files whose names begin with `late` until opened: its run stays open meanwhile. */
function gate() {
  let open!: () => void;
  let reach!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (reach = r));
  const plugin = definePlugin({
    type: 'test-gate',
    version: 1,
    category: 'transform',
    title: 'Gate',
    description: 'Holds late files until the test opens it',
    config: z.strictObject({}),
    inputs: { files: { kind: 'files', title: 'Files' } },
    outputs: { files: { kind: 'files', title: 'Files' } },
    async run(_config, input, ctx) {
      const item = input!.item as FileItem;
      if (item.origin.key.startsWith('late')) {
        reach();
        await opened;
      }
      await ctx.emit('files', item);
    },
  });
  return { plugin, open, reached };
}

function graphOf(folder: string): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: folder,
    nodes: {
      src: node('source-local', 0, { folder: `in/${folder}`, patterns: ['*.csv'] }),
      gate: node('test-gate', 100, {}),
      cp: node('checkpoint', 200, {}),
      csv: node('parse-csv', 400, {}),
      sink: node('bronze-sink', 600, { table: 'sales', batchFiles: 4 }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'gate', port: 'files' } },
      { from: { node: 'gate', port: 'files' }, to: { node: 'cp', port: 'files' } },
      { from: { node: 'cp', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

describe('bronze-sink with several writers of one table', () => {
  it('lets a run write a table while another run writing it is still open, and lands every row of both once', async () => {
    const w = workspace();
    const ids = (name: string) => Array.from({ length: 3 }, (_, r) => `${name}:${r}`);
    const write = (folder: string, name: string) => {
      mkdirSync(join(w.input, folder), { recursive: true });
      writeFileSync(join(w.input, folder, `${name}.csv`), `id\n${ids(name).join('\n')}\n`);
    };
    // A lands its early files, then holds its late ones open; B lands all of its files meanwhile.
    for (let i = 0; i < 12; i++) write('a', `early-a${i}`);
    for (let i = 0; i < 6; i++) write('a', `late-a${i}`);
    for (let i = 0; i < 12; i++) write('b', `b${i}`);
    const g = gate();
    const options = (graphId: string) => ({ dataDir: w.data, graphDir: w.dir, graphId, plugins: [g.plugin] });

    const a = runTestGraph(graphOf('a'), options('graph-a'));
    await g.reached;
    const b = await Promise.race([
      runTestGraph(graphOf('b'), options('graph-b')),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('B waited for A, which is still open')), 30_000)),
    ]);
    expect(b.summary).toMatchObject({ status: 'succeeded', errors: [], files: { processed: 12, failed: 0 } });
    // B's close wrote the snapshot with A's committed files and its own, A still open.
    const meanwhile = readTable(w).frame.getColumn('id').toArray() as string[];
    expect(meanwhile.filter((id) => id.startsWith('b'))).toHaveLength(36);
    expect(meanwhile.filter((id) => id.startsWith('late'))).toEqual([]);

    g.open();
    const done = await a;
    expect(done.summary).toMatchObject({ status: 'succeeded', errors: [], files: { processed: 18, failed: 0 } });

    const { manifest, frame } = readTable(w);
    const landed = (frame.getColumn('id').toArray() as string[]).sort();
    const expected = [
      ...Array.from({ length: 12 }, (_, i) => ids(`early-a${i}`)),
      ...Array.from({ length: 6 }, (_, i) => ids(`late-a${i}`)),
      ...Array.from({ length: 12 }, (_, i) => ids(`b${i}`)),
    ]
      .flat()
      .sort();
    expect(landed).toEqual(expected);
    // The folder holds exactly the parts the snapshot lists, and no writer's lock is left.
    expect(partFiles(w.table)).toEqual(manifest.parts.map((p: { path: string }) => p.path).sort());
    expect(readFileSync(join(w.table, '_sluice_manifest.json'), 'utf8')).toContain('late-a5.csv');
    expect(readdirSync(w.table).filter((f) => f.startsWith('_sluice_writer'))).toEqual([]);
  });

  it("keeps another graph's rows of a file of the same name: two graphs, the same node ids and keys, one table", async () => {
    const w = workspace();
    for (const folder of ['a', 'b']) {
      mkdirSync(join(w.input, folder), { recursive: true });
      for (const name of ['x', 'y']) writeFileSync(join(w.input, folder, `${name}.csv`), `id\n${folder}-${name}:0\n${folder}-${name}:1\n`);
    }
    const g = gate();
    const options = (graphId: string) => ({ dataDir: w.data, graphDir: w.dir, graphId, plugins: [g.plugin] });
    expect((await runTestGraph(graphOf('a'), options('graph-a'))).summary.files).toMatchObject({ processed: 2, failed: 0 });
    expect((await runTestGraph(graphOf('b'), options('graph-b'))).summary.files).toMatchObject({ processed: 2, failed: 0 });
    const ids = () => (readTable(w).frame.getColumn('id').toArray() as string[]).sort();
    expect(ids()).toEqual(['a-x:0', 'a-x:1', 'a-y:0', 'a-y:1', 'b-x:0', 'b-x:1', 'b-y:0', 'b-y:1']);

    // A changed file of one graph replaces that graph's rows of it, and only those.
    writeFileSync(join(w.input, 'b', 'x.csv'), 'id\nb-x:2\n');
    utimesSync(join(w.input, 'b', 'x.csv'), new Date(), new Date(Date.now() + 5000));
    expect((await runTestGraph(graphOf('b'), options('graph-b'))).summary.files).toMatchObject({ processed: 1, skipped: 1, failed: 0 });
    expect(ids()).toEqual(['a-x:0', 'a-x:1', 'a-y:0', 'a-y:1', 'b-x:2', 'b-y:0', 'b-y:1']);
    expect(partFiles(w.table)).toEqual(
      readTable(w)
        .manifest.parts.map((p: { path: string }) => p.path)
        .sort(),
    );
  });

  it('tells two writers of one run apart (two batches of a run on two workers): the second replaces the rows the first landed of a file', async () => {
    const w = workspace();
    mkdirSync(join(w.input, 'a'), { recursive: true });
    const names = Array.from({ length: 12 }, (_, i) => `f${i}`);
    for (const name of names) writeFileSync(join(w.input, 'a', `${name}.csv`), `id\n${name}:0\n${name}:1\n`);
    const g = gate();
    const options = { dataDir: w.data, graphDir: w.dir, graphId: 'graph-a', plugins: [g.plugin], runId: 'run-shared' };
    expect((await runTestGraph(graphOf('a'), options)).summary.files).toMatchObject({ processed: 12, failed: 0 });
    // A file whose rows share a part (a batch) with others.
    const shared = readTable(w).manifest.parts.find((p: { files: unknown[] }) => p.files.length > 1);
    expect(shared).toBeDefined();
    const changed: string = shared.files[0].key.slice(0, -4);
    writeFileSync(join(w.input, 'a', `${changed}.csv`), `id\n${changed}:2\n`);
    utimesSync(join(w.input, 'a', `${changed}.csv`), new Date(), new Date(Date.now() + 5000));
    expect((await runTestGraph(graphOf('a'), options)).summary.files).toMatchObject({ processed: 1, skipped: 11, failed: 0 });
    const ids = (readTable(w).frame.getColumn('id').toArray() as string[]).sort();
    const expected = names.flatMap((n) => (n === changed ? [`${n}:2`] : [`${n}:0`, `${n}:1`])).sort();
    expect(ids).toEqual(expected);
    expect(partFiles(w.table)).toEqual(
      readTable(w)
        .manifest.parts.map((p: { path: string }) => p.path)
        .sort(),
    );
  });
});
