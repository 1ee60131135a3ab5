import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';

/** Every row of a Bronze table, by source file, as JSON of its data columns (nulls kept apart from empty text). */
function bronzeByFile(dataDir: string): Map<string, string[]> {
  const root = join(dataDir, 'bronze', 't');
  const parts = readdirSync(root, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'));
  const byFile = new Map<string, string[]>();
  for (const p of parts) {
    const df = pl.readParquet(join(p.parentPath, p.name));
    const data = df.columns.filter((c) => !['_source_file', '_source_modified_at', '_ingested_at', '_run_id'].includes(c)).sort();
    for (const r of df.toRecords()) {
      const file = String(r._source_file);
      const row = JSON.stringify(Object.fromEntries(data.map((c) => [c, r[c] ?? null])));
      byFile.set(file, [...(byFile.get(file) ?? []), row]);
    }
  }
  for (const rows of byFile.values()) rows.sort();
  return byFile;
}

/** Files of many shapes: two schemas, nesting, arrays, kinds that take the JavaScript way, a document, bad lines. */
function inputs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parse-json-batch-'));
  for (let i = 0; i < 30; i++) {
    const lines = [0, 1, 2].map((j) =>
      JSON.stringify({
        id: `${i}-${j}`,
        user: { name: `Zoë ${i}`, address: { city: j ? 'Berlin' : null } },
        tags: ['a', `t${j}`],
        amount: j * 1.5,
        ok: j % 2 === 0,
      }),
    );
    writeFileSync(join(dir, `events-${i}.jsonl`), `${lines.join('\n')}\n`);
  }
  // Another schema, and one whose amount is an integer only (a float in the batch must not turn it into 1.0).
  for (let i = 0; i < 10; i++) writeFileSync(join(dir, `prices-${i}.jsonl`), `{"sku":"S${i}","price":${i}}\n{"sku":"T${i}","price":null}\n`);
  // A mixed array and a number polars cannot hold: these go the JavaScript way, also in a batch.
  writeFileSync(join(dir, 'mixed.jsonl'), '{"id":"m1","v":[1,true],"big":123456789012345678901234567890}\n{"id":"m2","v":"x","big":-0}\n');
  writeFileSync(
    join(dir, 'doc.json'),
    JSON.stringify(
      [
        { id: 'd1', user: { name: 'Doc' } },
        { id: 'd2', extra: { deep: { x: 1 } } },
      ],
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'empty.jsonl'), '\n\n');
  writeFileSync(join(dir, 'braces.jsonl'), '{}\n{}\n');
  writeFileSync(join(dir, 'column-clash.jsonl'), '{"__sluice_read_together_file":"mine","id":"c1"}\n');
  return dir;
}

function graph(dir: string, parse: Record<string, unknown>) {
  return chainGraph('parse-json batches', [
    { id: 'src', type: 'source-local', config: { folder: dir, patterns: ['*.json', '*.jsonl'] } },
    { id: 'json', type: 'parse-json', config: parse },
    { id: 'sink', type: 'bronze-sink', config: { table: 't' } },
  ]);
}

describe('parse-json batches', () => {
  it('lands every file of a batch exactly as read alone, and a bad file fails alone, named, while the others land', async () => {
    const dir = inputs();
    const alone = await runTestGraph(graph(dir, { batchFiles: 1 }), { graphDir: dir });
    expect(alone.summary.errors).toEqual([]);
    // Long enough for every file to join one batch, however slow the machine.
    writeFileSync(join(dir, 'bad.jsonl'), '{"a":1}\n{"a":2,\n');
    const together = await runTestGraph(graph(dir, { batchLingerMs: 3000 }), { graphDir: dir });

    const lines = together.events.flatMap((e) => (e.type === 'log' && e.line.node === 'json' ? [e.line.message] : []));
    // The installed plugin, with its module: its thread function runs on a worker thread.
    expect(lines.some((m) => /^\d+ files read together on a plugin thread \(\d+ by DuckDB\): \d+ tables?$/.test(m))).toBe(true);
    // Files whose census shows nothing DuckDB spells otherwise (prices-*: integers and nulls) are read
    // by DuckDB there; events-* (an integer beside floats in one field) the polars way.
    expect(lines.some((m) => /\(([1-9]\d*) by DuckDB\)/.test(m))).toBe(true);
    expect(lines.some((m) => /a batch of \d+ files failed \(.*bad\.jsonl: malformed JSON Lines.*\); it is split to find the file at fault/s.test(m))).toBe(
      true,
    );
    expect(together.summary.errors).toHaveLength(1);
    expect(together.summary.errors[0]).toMatchObject({ node: 'json', file: pathToFileURL(join(dir, 'bad.jsonl')).href });
    expect(together.summary.errors[0]!.message).toMatch(/bad\.jsonl: malformed JSON Lines at line 2/);
    expect(together.summary.files).toEqual({ ...alone.summary.files, failed: 1 });
    expect(together.summary.rows).toBe(alone.summary.rows);

    const want = bronzeByFile(alone.dataDir);
    const got = bronzeByFile(together.dataDir);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [file, rows] of want) expect(got.get(file), file).toEqual(rows);
    // The integer-only prices stay integers as text.
    expect(got.get(pathToFileURL(join(dir, 'prices-3.jsonl')).href)!.some((r) => r.includes('"price":"3"'))).toBe(true);
  });

  it('lands a file whose name holds glob characters as itself, not the files the glob would match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-json-batch-glob-'));
    const files: Record<string, string> = {
      'x*.jsonl': 'star',
      'xy.jsonl': 'xy',
      '[b].jsonl': 'brackets',
      'b.jsonl': 'b',
      'q?.jsonl': 'question',
      'qa.jsonl': 'qa',
    };
    for (const [name, id] of Object.entries(files)) writeFileSync(join(dir, name), `{"id":"${id}","n":"1"}\n`);
    const { summary, dataDir } = await runTestGraph(graph(dir, { batchLingerMs: 3000 }), { graphDir: dir });
    expect(summary.errors).toEqual([]);
    const got = bronzeByFile(dataDir);
    expect(got.size).toBe(6);
    for (const [name, id] of Object.entries(files)) expect(got.get(pathToFileURL(join(dir, name)).href), name).toEqual([`{"id":"${id}","n":"1"}`]);
    expect(summary.rows).toBe(6);
  });

  it('lands files with hostile names and keys in one batch, each exactly its own rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-json-batch-hostile-'));
    // One structure for all but the last two: DuckDB reads them in one call, its paths bound.
    const same = ["o'brien.jsonl", 'back\\slash.jsonl', 'données-😀.jsonl', "x'); DROP TABLE t; --.jsonl", "a', 'b.jsonl", 'plain-1.jsonl', 'plain-2.jsonl'];
    const files: Record<string, string[]> = {};
    same.forEach((name, i) => {
      files[name] = Array.from({ length: i + 1 }, (_, j) => JSON.stringify({ id: `${name}#${j}`, u: { n: `${i}` } }));
    });
    // A key holding U+0000 (refused by the DuckDB route: the polars way), one holding a quote (DuckDB), in and under an object.
    files['nul-key.jsonl'] = ['{"id":"nul#0","a\\u0000b":"x","o":{"\\u0000":"y"}}', '{"id":"nul#1","a\\u0000b":"z","o":{"\\u0000":null}}'];
    files['quote-key.jsonl'] = ['{"id":"quote#0","it\'s":"q","o":{"it\'s":"r","a\\"b":"s"}}'];
    for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
    const { summary, dataDir, events } = await runTestGraph(graph(dir, { batchLingerMs: 3000 }), { graphDir: dir });
    expect(summary.errors).toEqual([]);
    const lines = events.flatMap((e) => (e.type === 'log' && e.line.node === 'json' ? [e.line.message] : []));
    const byDuckdb = lines.reduce((n, m) => n + Number(/\((\d+) by DuckDB\)/.exec(m)?.[1] ?? 0), 0);
    // The seven of one structure and quote-key.jsonl; nul-key.jsonl goes the polars way.
    expect(byDuckdb).toBe(same.length + 1);
    const got = bronzeByFile(dataDir);
    expect([...got.keys()].sort()).toEqual(
      Object.keys(files)
        .map((name) => pathToFileURL(join(dir, name)).href)
        .sort(),
    );
    for (const [i, name] of same.entries()) {
      const rows = got.get(pathToFileURL(join(dir, name)).href)!;
      expect(rows, name).toHaveLength(i + 1);
      expect(rows, name).toEqual(files[name]!.map((_, j) => JSON.stringify({ id: `${name}#${j}`, u_n: `${i}` })).sort());
    }
    expect(got.get(pathToFileURL(join(dir, 'nul-key.jsonl')).href)).toEqual([
      JSON.stringify({ 'a\u0000b': 'x', id: 'nul#0', 'o_\u0000': 'y' }),
      JSON.stringify({ 'a\u0000b': 'z', id: 'nul#1', 'o_\u0000': null }),
    ]);
    expect(got.get(pathToFileURL(join(dir, 'quote-key.jsonl')).href)).toEqual([JSON.stringify({ id: 'quote#0', "it's": 'q', 'o_a"b': 's', "o_it's": 'r' })]);
    expect(summary.rows).toBe(Object.values(files).reduce((n, l) => n + l.length, 0));
  });

  it('reads every file of a batch before handing any on, also those read on the main thread: a bad one costs no row twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-json-batch-main-'));
    // scanAboveMiB 0: every file is read on the main thread (lazily scanned), none on the thread.
    for (let i = 0; i < 8; i++) writeFileSync(join(dir, `e-${i}.jsonl`), `{"id":"${i}-a"}\n{"id":"${i}-b"}\n`);
    writeFileSync(join(dir, 'e-4-bad.jsonl'), '{"id":"x"}\n{"id":\n');
    const { summary, dataDir } = await runTestGraph(graph(dir, { batchLingerMs: 3000, scanAboveMiB: 0 }), { graphDir: dir });
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]!.message).toMatch(/e-4-bad\.jsonl: malformed JSON Lines at line 2/);
    const got = bronzeByFile(dataDir);
    expect(got.size).toBe(8);
    for (let i = 0; i < 8; i++) expect(got.get(pathToFileURL(join(dir, `e-${i}.jsonl`)).href), `e-${i}`).toEqual([`{"id":"${i}-a"}`, `{"id":"${i}-b"}`]);
    expect(summary.rows).toBe(16);
  });
});
