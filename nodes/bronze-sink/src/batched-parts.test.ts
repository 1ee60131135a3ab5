import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@sluice/store';
import { describe, expect, it } from 'vitest';
import { graph, partFiles, readTable, run, workspace } from '../testing/bronze-workspace.ts';

const FILES = 30;
const csv = (i: number, version: number, rows: number) =>
  `id,file,version\n${Array.from({ length: rows }, (_, r) => `${i * 1000 + r},${i},${version}`).join('\n')}\n`;

/** Rows per file as the manifest records them, and as the table holds them. */
function perFile(w: ReturnType<typeof workspace>) {
  const { manifest, frame } = readTable(w);
  // Summed over parts: a file's rows may lie in several (its tables landed by several writes).
  const recorded: Record<string, number> = {};
  for (const p of manifest.parts as { files: { key: string; rows: number }[] }[]) for (const f of p.files) recorded[f.key] = (recorded[f.key] ?? 0) + f.rows;
  const held: Record<string, number> = {};
  for (const r of frame.select('file', 'version').toRecords() as { file: number; version: number }[])
    held[`f${r.file}.csv`] = (held[`f${r.file}.csv`] ?? 0) + 1;
  const versions: Record<string, number[]> = {};
  for (const r of frame.select('file', 'version').toRecords() as { file: number; version: number }[]) {
    const k = `f${r.file}.csv`;
    versions[k] = [...new Set([...(versions[k] ?? []), r.version])];
  }
  return { manifest, recorded, held, versions };
}

describe('bronze-sink with batched parts', () => {
  it('lands small files arriving together as shared parts, each file with its own manifest entry and rows', async () => {
    const w = workspace();
    for (let i = 0; i < FILES; i++) writeFileSync(join(w.input, `f${i}.csv`), csv(i, 1, 1 + (i % 4)));
    const { summary } = await run(w, graph(w));
    expect(summary.errors).toEqual([]);
    expect(summary.files).toMatchObject({ processed: FILES, failed: 0 });
    const { manifest, recorded, held } = perFile(w);
    // Fewer parts than files: they were batched; the parts on disk are exactly those listed.
    expect(manifest.parts.length).toBeLessThan(FILES);
    expect(partFiles(w.table)).toHaveLength(manifest.parts.length);
    expect(recorded).toEqual(held);
    expect(Object.keys(recorded)).toHaveLength(FILES);
  });

  it('replaces a changed file whose rows share a part exactly: its rows once, in the new version; the other files untouched', async () => {
    const w = workspace();
    for (let i = 0; i < FILES; i++) writeFileSync(join(w.input, `f${i}.csv`), csv(i, 1, 2));
    await run(w, graph(w));
    const before = perFile(w);
    const shared = before.manifest.parts.find((p: { files: unknown[] }) => p.files.length > 1);
    expect(shared).toBeDefined();
    const changed: string = shared.files[0].key;
    const i = Number(changed.slice(1, -4));
    writeFileSync(join(w.input, changed), csv(i, 2, 5));
    utimesSync(join(w.input, changed), new Date(), new Date(Date.now() + 5000));

    const { summary } = await run(w, graph(w));
    expect(summary.errors).toEqual([]);
    expect(summary.files).toMatchObject({ processed: 1, skipped: FILES - 1 });
    const after = perFile(w);
    expect(after.recorded).toEqual(after.held);
    expect(after.held[changed]).toBe(5);
    expect(after.versions[changed]).toEqual([2]);
    // Every other file: the same rows, of its first version, still recorded in one part.
    for (const k of Object.keys(before.held).filter((k) => k !== changed)) {
      expect(after.held[k]).toBe(before.held[k]);
      expect(after.versions[k]).toEqual([1]);
    }
    // The part it shared was written again without it; nothing else on disk.
    expect(after.manifest.parts.map((p: { path: string }) => p.path)).not.toContain(shared.path);
    expect(partFiles(w.table)).toHaveLength(after.manifest.parts.length);
    const store = openStore({ dataDir: w.data });
    try {
      const table = after.manifest.table;
      const others = await Promise.all(shared.files.slice(1).map((f: { key: string }) => store.nodeStore('test-graph').parts.partsOf(table, 'src', f.key)));
      expect(others.every((p: unknown[]) => p.length === 1)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('replaces several changed files sharing one part when concurrent writes each write it again: none fails, each file once', async () => {
    const w = workspace();
    for (let i = 0; i < FILES; i++) writeFileSync(join(w.input, `f${i}.csv`), csv(i, 1, 2));
    const first = graph(w);
    // Long enough for every file to join one batch, however slow the machine.
    first.nodes.sink!.config = { ...first.nodes.sink!.config, batchLingerMs: 3000 };
    await run(w, first);
    const shared = perFile(w).manifest.parts.find((p: { files: unknown[] }) => p.files.length >= 8);
    expect(shared).toBeDefined();
    // Eight files of one part change; landed one per write, four writes at once, each of them
    // writes the shared part again without its own file while the others do the same.
    const changed: string[] = shared.files.slice(0, 8).map((f: { key: string }) => f.key);
    for (const k of changed) {
      const i = Number(k.slice(1, -4));
      writeFileSync(join(w.input, k), csv(i, 2, 3));
      utimesSync(join(w.input, k), new Date(), new Date(Date.now() + 5000));
    }
    const doc = graph(w);
    doc.nodes.sink!.config = { ...doc.nodes.sink!.config, batchFiles: 1, concurrency: 4 };
    const { summary } = await run(w, doc);
    expect(summary.errors).toEqual([]);
    expect(summary.files).toMatchObject({ processed: 8, failed: 0 });
    const after = perFile(w);
    expect(after.recorded).toEqual(after.held);
    for (let i = 0; i < FILES; i++) {
      const k = `f${i}.csv`;
      expect(after.versions[k], k).toEqual([changed.includes(k) ? 2 : 1]);
      expect(after.held[k], k).toBe(changed.includes(k) ? 3 : 2);
    }
    expect(partFiles(w.table)).toHaveLength(after.manifest.parts.length);
  });

  it('replaces a file read by two parsers into one table (two writes of one file in a run): its rows of both, once each', async () => {
    const w = workspace();
    for (let i = 0; i < 10; i++) writeFileSync(join(w.input, `f${i}.csv`), csv(i, 1, 2));
    // The same file parsed twice into one table: two tables of one file, landed by two writes.
    const twice = (linger: number) => {
      const doc = graph(w);
      doc.nodes.csv2 = { ...doc.nodes.csv!, position: { x: 400, y: 100 } };
      doc.edges.push({ from: { node: 'cp', port: 'files' }, to: { node: 'csv2', port: 'files' } });
      doc.edges.push({ from: { node: 'csv2', port: 'table' }, to: { node: 'sink', port: 'table' } });
      doc.nodes.sink!.config = { ...doc.nodes.sink!.config, batchLingerMs: linger };
      return doc;
    };
    expect((await run(w, twice(3000))).summary.errors).toEqual([]);
    const first = perFile(w);
    expect(first.manifest.parts.some((p: { files: unknown[] }) => p.files.length > 1)).toBe(true);
    expect(first.recorded).toEqual(first.held);
    for (let i = 0; i < 10; i++) expect(first.held[`f${i}.csv`], `f${i}.csv after the first run`).toBe(4);
    writeFileSync(join(w.input, 'f3.csv'), csv(3, 2, 4));
    utimesSync(join(w.input, 'f3.csv'), new Date(), new Date(Date.now() + 5000));
    // Each write of f3 writes again the parts it shares; the second to commit finds them replaced
    // by the first, which took all of f3's earlier rows out: its own copy is moot, not a conflict.
    const { summary } = await run(w, twice(3000));
    expect(summary.errors).toEqual([]);
    expect(summary.files).toMatchObject({ processed: 1, failed: 0 });
    const after = perFile(w);
    expect(after.versions['f3.csv']).toEqual([2]);
    expect(after.held['f3.csv']).toBe(8);
    for (let i = 0; i < 10; i++) if (i !== 3) expect(after.held[`f${i}.csv`]).toBe(4);
    expect(partFiles(w.table)).toHaveLength(after.manifest.parts.length);
  });

  it('fails a corrupt file among many alone, naming it, and lands every other file of its batch', async () => {
    const w = workspace();
    for (let i = 0; i < FILES; i++) writeFileSync(join(w.input, `f${i}.csv`), csv(i, 1, 2));
    // A row with more fields than the header far past what the parser samples: the file is refused
    // only when its rows are read, while its batch's part is written.
    const good = Array.from({ length: 50_000 }, (_, r) => `${7000 + r},7,1`).join('\n');
    writeFileSync(join(w.input, 'f7.csv'), `id,file,version\n${good}\n99999,7,1,surplus,fields\n`);
    // Text columns: type inference would read the whole file at the parser, before the sink.
    const doc = graph(w);
    doc.nodes.csv!.config = { inferTypes: false };
    // Long enough for every file to join one batch, however slow the machine.
    doc.nodes.sink!.config = { ...doc.nodes.sink!.config, batchLingerMs: 3000 };
    const { summary, events } = await run(w, doc);
    const lines = events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));
    expect(lines.some((m) => /a batch of \d+ files failed .*; it is split to find the file at fault/s.test(m))).toBe(true);
    expect(summary.files).toMatchObject({ processed: FILES - 1, failed: 1 });
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]!.file).toBe(`file://${w.input}/f7.csv`);
    const { recorded, held } = perFile(w);
    expect(recorded).toEqual(held);
    expect(Object.keys(held).sort()).toEqual(
      Array.from({ length: FILES }, (_, i) => `f${i}.csv`)
        .filter((k) => k !== 'f7.csv')
        .sort(),
    );
  });
});
