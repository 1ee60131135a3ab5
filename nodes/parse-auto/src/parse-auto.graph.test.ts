import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GraphDocument } from '@sluice/sdk';
import { runTestGraph } from '@sluice/engine/testing';
import ExcelJS from 'exceljs';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { compress as zstdCompress } from 'zstd-napi';
import plugin from './index.ts';
import type { ParseAutoConfig } from './auto-config.ts';

type Config = { [K in keyof ParseAutoConfig]?: Partial<ParseAutoConfig[K]> | ParseAutoConfig[K] };

function graph(dir: string, config: Config): GraphDocument {
  const node = (type: string, x: number, cfg: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config: cfg });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'parse-auto into bronze',
    nodes: {
      src: node('source-local', 0, { folder: dir }),
      auto: node('parse-auto', 200, config as Record<string, unknown>),
      sink: node('bronze-sink', 400, { table: 'mixed' }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'auto', port: 'files' } },
      { from: { node: 'auto', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

/** Bronze rows per source file name, `id` and `name` as text. */
function bronzeBySource(dataDir: string): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const e of readdirSync(join(dataDir, 'bronze', 'mixed'), { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.parquet') || e.name.startsWith('.')) continue;
    // A part may hold several files (a batch): their rows are told apart by `_source_file`.
    for (const df of pl.readParquet(join(e.parentPath, e.name)).partitionBy('_source_file', true)) {
      const source = String(df.getColumn('_source_file').get(0)).split('/').pop()!;
      out.set(source, df.select(pl.col('id').cast(pl.Utf8), pl.col('name').cast(pl.Utf8)).toRecords());
    }
  }
  return out;
}

const ROWS = [
  { id: '1', name: 'Zoë' },
  { id: '2', name: 'Ørjan' },
];
const csvText = (sep: string) => `id${sep}name\n1${sep}Zoë\n2${sep}Ørjan\n`;
const jsonl = ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n';

async function workbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Export');
  ws.addRow(['id', 'name']);
  for (const r of ROWS) ws.addRow([r.id, r.name]);
  await wb.xlsx.writeFile(path);
}

describe('parse-auto into Bronze', () => {
  it('detects each format, also under a wrong or missing name, and lands it; hostile files fail alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-auto-graph-'));
    writeFileSync(join(dir, 'orders.csv'), csvText(','));
    writeFileSync(join(dir, 'orders-eu.txt'), csvText(';'));
    writeFileSync(join(dir, 'orders.csv.gz'), gzipSync(csvText('\t')));
    writeFileSync(join(dir, 'events.jsonl.zst'), zstdCompress(Buffer.from(jsonl)));
    writeFileSync(join(dir, 'records.json'), JSON.stringify(ROWS, null, 2));
    writeFileSync(join(dir, 'mislabeled.csv'), jsonl);
    const parquet = pl.DataFrame({ id: ['1', '2'], name: ['Zoë', 'Ørjan'] });
    parquet.writeParquet(join(dir, 'table.parquet'));
    parquet.writeParquet(join(dir, 'no-extension'));
    await workbook(join(dir, 'book.xlsx'));
    await workbook(join(dir, 'book-named.csv'));
    // Hostile: unknown binary under a CSV name, truncated gzip, a bomb, invalid JSON, a zip that is no workbook.
    writeFileSync(join(dir, 'photo.csv'), Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'latin1'));
    const gz = gzipSync(csvText(',').repeat(200));
    writeFileSync(join(dir, 'truncated.csv.gz'), gz.subarray(0, gz.length - 30));
    const frame = gzipSync(Buffer.alloc(8 << 20, 0x41));
    writeFileSync(join(dir, 'bomb.gz'), Buffer.concat(Array.from({ length: 8 }, () => frame)));
    writeFileSync(join(dir, 'broken.json'), '[{"id": "1", "name": "a"}, {"id": ');
    writeFileSync(join(dir, 'archive.xlsx'), Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60)]));

    const { summary, dataDir, events } = await runTestGraph(graph(dir, { decompress: { maxRatio: 50 } }), { plugins: [plugin], graphDir: dir });
    const errorOf = (file: string) => summary.errors.filter((e) => e.file?.endsWith(`/${file}`)).map((e) => e.message);
    expect(errorOf('photo.csv')).toEqual([expect.stringMatching(/photo\.csv: the format cannot be detected: binary data of no supported format/)]);
    expect(errorOf('truncated.csv.gz')).toEqual([expect.stringMatching(/truncated\.csv\.gz: the gzip data is truncated/)]);
    expect(errorOf('bomb.gz')).toEqual([expect.stringMatching(/bomb\.gz: decompression bomb: gzip ratio \d+:1 exceeds maxRatio 50/)]);
    expect(errorOf('broken.json')).toHaveLength(1);
    expect(errorOf('broken.json')[0]).toMatch(/broken\.json/);
    expect(errorOf('archive.xlsx')).toHaveLength(1);
    expect(errorOf('archive.xlsx')[0]).toMatch(/archive\.xlsx/);
    expect(summary.files).toEqual({ processed: 10, skipped: 0, failed: 5 });

    const rows = bronzeBySource(dataDir);
    for (const f of [
      'orders.csv',
      'orders-eu.txt',
      'orders.csv.gz',
      'events.jsonl.zst',
      'records.json',
      'mislabeled.csv',
      'table.parquet',
      'no-extension',
      'book.xlsx',
      'book-named.csv',
    ]) {
      expect(rows.get(f), f).toEqual(ROWS);
    }
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.line.message] : [])).join('\n');
    expect(logs).toMatch(/orders\.csv\.gz: read as csv \(detected from content \(text, not JSON\), after gzip decompression\)/);
    expect(logs).toMatch(/no-extension: read as parquet \(detected from magic bytes PAR1\)/);
    expect(logs).toMatch(/events\.jsonl\.zst: read as json \(detected from content \(starts with "\{"\), after zstd decompression\)/);
    const warnings = summary.warnings.map((w) => w.message).join('\n');
    expect(warnings).toMatch(/mislabeled\.csv: read as json .*, although its name says csv/);
    expect(warnings).toMatch(/book-named\.csv: read as xlsx \(detected from zip magic bytes PK\), although its name says csv/);
  });

  it("reads UTF-16 text with a byte-order mark (Excel's Unicode Text) as CSV; UTF-16 without one fails, saying so", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-auto-utf16-'));
    const text = csvText('\t').replaceAll('\n', '\r\n');
    writeFileSync(join(dir, 'unicode-text.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFileSync(join(dir, 'unicode-be.csv'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csvText(','), 'utf16le').swap16()]));
    writeFileSync(join(dir, 'unicode-text.txt.gz'), gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(';'), 'utf16le')])));
    writeFileSync(join(dir, 'no-bom.txt'), Buffer.from(text, 'utf16le'));
    writeFileSync(join(dir, 'photo.txt'), Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'latin1'));
    const { summary, dataDir, events } = await runTestGraph(graph(dir, {}), { plugins: [plugin], graphDir: dir });
    const errorOf = (file: string) => summary.errors.filter((e) => e.file?.endsWith(`/${file}`)).map((e) => e.message);
    expect(errorOf('no-bom.txt')).toEqual([expect.stringMatching(/no-bom\.txt: the format cannot be detected: .*UTF-16 text without a byte-order mark/)]);
    expect(errorOf('photo.txt')).toEqual([expect.stringMatching(/photo\.txt: the format cannot be detected: binary data of no supported format/)]);
    expect(summary.files).toEqual({ processed: 3, skipped: 0, failed: 2 });
    const rows = bronzeBySource(dataDir);
    for (const f of ['unicode-text.txt', 'unicode-be.csv', 'unicode-text.txt.gz']) expect(rows.get(f), f).toEqual(ROWS);
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.line.message] : [])).join('\n');
    expect(logs).toMatch(/unicode-text\.txt: read as csv \(detected from content \(utf-16le text with a byte-order mark\)\)/);
  });

  it("reads every file as the format given, with that format's options; compressed files can be refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-auto-override-'));
    // Starts like a JSON array ("[2"): auto would read it as JSON.
    writeFileSync(join(dir, 'export.dat'), '[2024]|name\n1|Zoë\n');
    writeFileSync(join(dir, 'export.dat.gz'), gzipSync('[2024]|name\n2|Ørjan\n'));
    const { summary, dataDir } = await runTestGraph(graph(dir, { format: 'csv', compressed: 'fail', csv: { delimiter: 'pipe' } }), {
      plugins: [plugin],
      graphDir: dir,
    });
    expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
    expect(summary.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /export\.dat\.gz: the file is gzip-compressed: put a decompress node before parse-auto, or set its option compressed to "decompress"/,
      ),
    ]);
    const part = readdirSync(join(dataDir, 'bronze', 'mixed'), { withFileTypes: true, recursive: true }).find(
      (e) => e.isFile() && e.name.endsWith('.parquet'),
    )!;
    expect(pl.readParquet(join(part.parentPath, part.name)).select('[2024]', 'name').toRecords()).toEqual([{ '[2024]': '1', name: 'Zoë' }]);
  });

  it('hands each format plugin its own option object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-auto-options-'));
    writeFileSync(join(dir, 'typed.jsonl'), '{"id": "7", "name": "Zoë", "qty": 3}\n');
    pl.DataFrame({ id: ['8'], name: ['Ørjan'], secret: ['x'] }).writeParquet(join(dir, 'wide.parquet'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Export');
    ws.addRow(['Quarterly export']);
    ws.addRow(['id', 'name']);
    ws.addRow(['9', 'Ana']);
    await wb.xlsx.writeFile(join(dir, 'titled.xlsx'));
    writeFileSync(join(dir, 'pre.csv'), 'exported 2024\nid,name\n10,Bo\n');
    const config: Config = { json: { types: 'infer' }, parquet: { columns: ['id', 'name'] }, xlsx: { skipRows: 1 }, csv: { skipRows: 1, delimiter: ',' } };
    const { summary, dataDir } = await runTestGraph(graph(dir, config), { plugins: [plugin], graphDir: dir });
    expect(summary.errors).toEqual([]);
    expect(summary.files.processed).toBe(4);
    const parts = new Map<string, pl.DataFrame>();
    for (const e of readdirSync(join(dataDir, 'bronze', 'mixed'), { withFileTypes: true, recursive: true })) {
      if (!e.isFile() || !e.name.endsWith('.parquet') || e.name.startsWith('.')) continue;
      for (const df of pl.readParquet(join(e.parentPath, e.name)).partitionBy('_source_file', true)) {
        parts.set(String(df.getColumn('_source_file').get(0)).split('/').pop()!, df);
      }
    }
    // types: infer kept the JSON number a number; columns pruned the Parquet file; skipRows reached both readers.
    expect(String(parts.get('typed.jsonl')!.getColumn('qty').dtype)).toMatch(/Int64/);
    expect(parts.get('wide.parquet')!.columns).not.toContain('secret');
    expect(parts.get('titled.xlsx')!.select(pl.col('id').cast(pl.Utf8), 'name').toRecords()).toEqual([{ id: '9', name: 'Ana' }]);
    expect(parts.get('pre.csv')!.select('id', 'name').toRecords()).toEqual([{ id: '10', name: 'Bo' }]);
  });
});
