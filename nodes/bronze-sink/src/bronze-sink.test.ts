import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@sluice/store';
import { describe, expect, it } from 'vitest';
import { graph, partFiles, readTable, type Row, run, workspace } from '../testing/bronze-workspace.ts';

describe('bronze-sink through the executor', () => {
  it('lands each file as a zstd Parquet part with audit columns, counted from the footer', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id,amount\n1,2.5\n2,3.5\n');
    writeFileSync(join(w.input, 'b.csv'), 'id,amount\n3,4.5\n');
    const { summary } = await run(w, graph(w));
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');
    expect(summary.rows).toBe(3);
    expect(summary.nodes.sink!.rowsOut).toBe(3);

    const today = new Date().toISOString().slice(0, 10);
    const parts = partFiles(w.table);
    expect(parts).toHaveLength(2);
    for (const p of parts) expect(p).toMatch(new RegExp(`^ingest_date=${today}/part-[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{8}\\.parquet$`));

    const { manifest, rows: sorted } = readTable(w);
    expect(manifest.rows).toBe(3);
    expect(manifest.schemaVersions).toHaveLength(1);
    expect(manifest.schemaVersions[0].columns).toEqual({
      id: 'Int64',
      amount: 'Float64',
      _source_file: 'String',
      _source_modified_at: 'Datetime(ms,UTC)',
      _ingested_at: 'Datetime(ms,UTC)',
      _run_id: 'String',
    });
    const rows = sorted('id');
    expect(rows.map((r) => [r.id, r.amount])).toEqual([
      [1, 2.5],
      [2, 3.5],
      [3, 4.5],
    ]);
    expect(rows[0]!._source_file).toBe(`file://${w.input}/a.csv`);
    expect(rows[2]!._source_file).toBe(`file://${w.input}/b.csv`);
    expect(new Set(rows.map((r) => r._run_id)).size).toBe(1);
    expect((rows[0]!._source_modified_at as Date).getTime()).toBe(statSync(join(w.input, 'a.csv')).mtime.getTime());
    expect((rows[0]!._ingested_at as Date).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // zstd-compressed pages: each starts a zstd frame, whose magic number is 28 B5 2F FD.
    expect(readFileSync(join(w.table, parts[0]!)).includes(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe(true);
    const store = openStore({ dataDir: w.data });
    try {
      const recorded = await store.nodeStore('test-graph').parts.list(`file://${w.table}`);
      expect(recorded.map((p) => [p.sourceKey, p.rows, p.schemaVersion])).toEqual(
        expect.arrayContaining([
          ['a.csv', 2, 1],
          ['b.csv', 1, 1],
        ]),
      );
    } finally {
      await store.close();
    }
  });

  it('replaces the rows of a changed file instead of adding them, and removes the old part', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id,amount\n1,1.0\n2,2.0\n');
    writeFileSync(join(w.input, 'b.csv'), 'id,amount\n9,9.0\n');
    await run(w, graph(w));
    const before = partFiles(w.table);
    writeFileSync(join(w.input, 'a.csv'), 'id,amount\n1,10.0\n2,20.0\n3,30.0\n');
    utimesSync(join(w.input, 'a.csv'), new Date(), new Date(Date.now() + 5000));
    const { summary } = await run(w, graph(w));
    expect(summary.files).toEqual({ processed: 1, skipped: 1, failed: 0 });
    const after = partFiles(w.table);
    expect(after).toHaveLength(2);
    expect(after.filter((p) => before.includes(p))).toHaveLength(1); // b's part stays, a's is new
    expect(
      readTable(w)
        .rows('id')
        .map((r) => [r.id, r.amount]),
    ).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
      [9, 9],
    ]);
  });

  it('strict mode fails a file whose columns differ, with the diff, and lands the others', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id,amount,name\n1,1.5,x\n');
    await run(w, graph(w, 'strict'));
    writeFileSync(join(w.input, 'b.csv'), 'id,amount,extra\nabc,1.5,7\n');
    writeFileSync(join(w.input, 'c.csv'), 'id,amount,name\n2,2.5,y\n');
    const { summary } = await run(w, graph(w, 'strict'));
    expect(summary.files).toMatchObject({ processed: 1, failed: 1 });
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]!.message).toBe(
      `file://${w.input}/b.csv: columns differ from the table's schema (strict mode): added: extra (Int64); missing: name; changed type: id Int64 -> String`,
    );
    expect(readTable(w).frame.height).toBe(2);
  });

  it('strict mode on a new table: of two files with other columns landing at once, one defines the schema and the other fails', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id,left\n1,x\n');
    writeFileSync(join(w.input, 'b.csv'), 'id,right\n2,y\n');
    const { summary, events } = await run(w, graph(w, 'strict'));
    expect(summary.files).toMatchObject({ processed: 1, failed: 1 });
    // Planned at once against no schema, the loser is caught in the commit transaction instead.
    const failed = events.filter((e) => e.type === 'file' && e.status === 'failed') as { error?: string }[];
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(
      /\/[ab]\.csv: .*columns differ from the table's schema \(strict mode\): added: (left|right) \(String\); missing: (left|right)/,
    );
    const { manifest } = readTable(w);
    expect(manifest.schemaVersions).toHaveLength(1);
    expect(manifest.parts).toHaveLength(1);
    expect(partFiles(w.table)).toHaveLength(1);
  });

  it('evolve mode records a new schema version for added columns; older parts read back as null', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id,amount\n1,1.5\n');
    await run(w, graph(w));
    writeFileSync(join(w.input, 'b.csv'), 'id,note\n2,hello\n');
    const { summary } = await run(w, graph(w));
    expect(summary.errors).toEqual([]);
    const { manifest, rows } = readTable(w);
    expect(manifest.schemaVersions.map((v: { version: number; columns: object }) => [v.version, Object.keys(v.columns)])).toEqual([
      [1, ['id', 'amount', '_source_file', '_source_modified_at', '_ingested_at', '_run_id']],
      [2, ['id', 'amount', '_source_file', '_source_modified_at', '_ingested_at', '_run_id', 'note']],
    ]);
    expect(manifest.parts.map((p: { schemaVersion: number }) => p.schemaVersion).sort()).toEqual([1, 2]);
    expect(rows('id', 'id', 'amount', 'note')).toEqual([
      { id: 1, amount: 1.5, note: null },
      { id: 2, amount: null, note: 'hello' },
    ]);
  });

  it('rescue mode keeps columns that do not fit in _rescued_data as JSON', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id,amount\n1,1.5\n');
    await run(w, graph(w, 'rescue'));
    writeFileSync(join(w.input, 'b.csv'), 'id,amount,extra\n2,oops,7\n');
    const { summary } = await run(w, graph(w, 'rescue'));
    expect(summary.errors).toEqual([]);
    expect(summary.warnings.map((x) => x.message)).toContain(`file://${w.input}/b.csv: columns kept in _rescued_data: extra, amount`);
    const rows = readTable(w).rows('id', 'id', 'amount', '_rescued_data');
    expect(rows).toEqual([
      { id: 1, amount: 1.5, _rescued_data: null },
      { id: 2, amount: null, _rescued_data: '{"extra":7,"amount":"oops"}' },
    ]);
  });

  // A table whose only version came from a file without columns (only a BOM) has no schema yet either.
  for (const first of [undefined, 'bom-only.csv']) {
    it(`rescue mode on a new table${first ? ' begun by a file without columns' : ''}: files with other columns landing at once all land, what does not fit the first folded`, async () => {
      const w = workspace();
      if (first) {
        writeFileSync(join(w.input, first), '\ufeff');
        expect((await run(w, graph(w, 'rescue'))).summary.files).toMatchObject({ processed: 1 });
      }
      const earlier = first ? 1 : 0;
      // Planned at once against no schema: the first file planned defines version 1, and the others are
      // planned against it, so none finds at commit that the schema moved under it.
      const files: Record<string, string> = {
        'a.csv': 'id,left\n1,x\n2,xx\n',
        'b.csv': 'id,right\n3,y\n',
        'c.csv': 'id,left,right\n4,l,r\n',
        'd.csv': 'id,amount\nfive,1.5\n',
      };
      for (const [name, text] of Object.entries(files)) writeFileSync(join(w.input, name), text);
      const { summary } = await run(w, graph(w, 'rescue'));
      expect(summary.errors).toEqual([]);
      expect(summary.files).toMatchObject({ processed: 4, failed: 0 });
      const { manifest, frame } = readTable(w);
      expect(manifest.schemaVersions).toHaveLength(1 + earlier);
      // Files arriving together share parts (one per set of part columns); each keeps its own entry.
      expect(manifest.parts.flatMap((p: { files: unknown[] }) => p.files)).toHaveLength(4 + earlier);
      expect(partFiles(w.table)).toHaveLength(manifest.parts.length);
      // Each file's row as written, whichever file defined the schema: a column lands as a column if
      // the schema has it with the file's type, otherwise in _rescued_data, never both, never lost.
      const schema: Record<string, string> = manifest.schemaVersions.at(-1).columns;
      const written: Record<string, { value: Record<string, unknown>; type: Record<string, string> }[]> = {
        'a.csv': [
          { value: { id: 1, left: 'x' }, type: { id: 'Int64', left: 'String' } },
          { value: { id: 2, left: 'xx' }, type: { id: 'Int64', left: 'String' } },
        ],
        'b.csv': [{ value: { id: 3, right: 'y' }, type: { id: 'Int64', right: 'String' } }],
        'c.csv': [{ value: { id: 4, left: 'l', right: 'r' }, type: { id: 'Int64', left: 'String', right: 'String' } }],
        'd.csv': [{ value: { id: 'five', amount: 1.5 }, type: { id: 'String', amount: 'Float64' } }],
      };
      const expected = Object.entries(written).flatMap(([name, rows]) =>
        rows.map(({ value, type }) => {
          const row: Row = { _source_file: `file://${w.input}/${name}` };
          for (const c of ['id', 'left', 'right', 'amount']) if (c in schema) row[c] = null;
          const rescued: Row = {};
          for (const [c, v] of Object.entries(value)) {
            if (schema[c] === type[c]) row[c] = v;
            else rescued[c] = v;
          }
          row._rescued_data = Object.keys(rescued).length ? rescued : null;
          return row;
        }),
      );
      const landed = (frame.select(...Object.keys(expected[0]!)).toRecords() as Row[]).map((r) => ({
        ...r,
        _rescued_data: r._rescued_data === null ? null : JSON.parse(r._rescued_data as string),
      }));
      const byFileAndId = (r: Row) => `${r._source_file} ${r.id ?? (r._rescued_data as Row).id}`;
      const sorted = (rows: Row[]) => rows.sort((x, y) => byFileAndId(x).localeCompare(byFileAndId(y)));
      expect(sorted(landed)).toEqual(sorted(expected));
      expect(frame.height).toBe(5);
    });
  }

  it('evolve mode on a new table: files adding other columns at once all land, each addition a schema version', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id,left\n1,x\n');
    writeFileSync(join(w.input, 'b.csv'), 'id,right\n2,y\n');
    const { summary } = await run(w, graph(w));
    expect(summary.errors).toEqual([]);
    const { manifest, rows } = readTable(w);
    expect(manifest.schemaVersions).toHaveLength(2);
    expect(Object.keys(manifest.schemaVersions[1].columns)).toEqual(expect.arrayContaining(['id', 'left', 'right']));
    expect(rows('id', 'id', 'left', 'right')).toEqual([
      { id: 1, left: 'x', right: null },
      { id: 2, left: null, right: 'y' },
    ]);
  });

  it('a file without columns landing first does not fix the schema: the next files land their columns (strict, rescue)', async () => {
    for (const mode of ['strict', 'rescue'] as const) {
      const w = workspace();
      writeFileSync(join(w.input, 'bom-only.csv'), '\ufeff');
      expect((await run(w, graph(w, mode))).summary.files, mode).toMatchObject({ processed: 1 });
      writeFileSync(join(w.input, 'a.csv'), 'id,name\n1,x\n');
      const { summary } = await run(w, graph(w, mode));
      expect(summary.errors, mode).toEqual([]);
      expect(summary.warnings, mode).toEqual([]);
      const { manifest, frame } = readTable(w);
      // The first version has no data columns, the next one the file's: the part of no rows fits both.
      expect(Object.keys(manifest.schemaVersions.at(-1).columns), mode).toEqual(expect.arrayContaining(['id', 'name']));
      expect(frame.select('id', 'name').toRecords(), mode).toEqual([{ id: 1, name: 'x' }]);
      if (mode === 'rescue') expect(frame.getColumn('_rescued_data').toArray(), mode).toEqual([null]);
    }
  });

  it('lands no row for a file without columns (only a BOM), though the audit columns are literals', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id\n1\n');
    writeFileSync(join(w.input, 'bom-only.csv'), '\ufeff');
    const { summary } = await run(w, graph(w));
    expect(summary.files).toMatchObject({ processed: 2, failed: 0 });
    expect(summary.rows).toBe(1);
    expect(readTable(w).frame.height).toBe(1);
  });

  it('removes the part it wrote when the file fails elsewhere, and records nothing', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id\n1\n');
    await run(w, graph(w, 'evolve', { table: 'strict_copy', schemaMode: 'strict' }));
    writeFileSync(join(w.input, 'b.csv'), 'other\nx\n');
    const { summary } = await run(w, graph(w, 'evolve', { table: 'strict_copy', schemaMode: 'strict' }));
    expect(summary.files).toMatchObject({ failed: 1 });
    // The evolve sink wrote b's part, the strict sink failed the file: b's part must be gone.
    expect(partFiles(w.table)).toHaveLength(1);
    expect(readTable(w).manifest.parts.flatMap((p: { files: { key: string }[] }) => p.files.map((f) => f.key))).toEqual(['a.csv']);
  });

  it('removes parts that the manifest does not list (a crashed run), keeping the committed ones', async () => {
    const w = workspace();
    writeFileSync(join(w.input, 'a.csv'), 'id\n1\n');
    await run(w, graph(w));
    const committed = partFiles(w.table);
    const orphanDir = join(w.table, 'ingest_date=2026-01-01');
    mkdirSync(orphanDir, { recursive: true });
    const orphan = join(orphanDir, 'part-0000000000000000-00000000.parquet');
    const staged = join(orphanDir, '.staged-abc-part-1.parquet');
    writeFileSync(orphan, 'crashed before commit');
    writeFileSync(staged, 'half written');
    const old = new Date(Date.now() - 60_000);
    utimesSync(orphan, old, old);
    utimesSync(staged, old, old);
    await run(w, graph(w));
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(staged)).toBe(false);
    expect(partFiles(w.table)).toEqual(committed);
  });
});
