import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDocument } from '@sluice/sdk';
import { runTestGraph } from '@sluice/engine/testing';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import type { ParseCsvConfig } from './csv-config.ts';

/** One file, the parse-csv config it is read with, and the rows Bronze must hold afterwards. */
interface Case {
  file: string;
  bytes: string | Buffer;
  config: Partial<ParseCsvConfig>;
  rows?: Record<string, unknown>[];
}

const AUDIT = ['_source_file', '_source_modified_at', '_ingested_at', '_run_id'];

/** One branch per case (its own source pattern, parse-csv config and Bronze table), all in one run. */
function casesGraph(dir: string, cases: Case[]): GraphDocument {
  const nodes: GraphDocument['nodes'] = {};
  const edges: GraphDocument['edges'] = [];
  cases.forEach((c, i) => {
    const y = i * 120;
    nodes[`src${i}`] = { type: 'source-local', typeVersion: 1, position: { x: 0, y }, config: { folder: dir, patterns: [c.file] } };
    nodes[`csv${i}`] = { type: 'parse-csv', typeVersion: 1, position: { x: 200, y }, config: c.config };
    nodes[`sink${i}`] = { type: 'bronze-sink', typeVersion: 1, position: { x: 400, y }, config: { table: `t${i}` } };
    edges.push({ from: { node: `src${i}`, port: 'files' }, to: { node: `csv${i}`, port: 'files' } });
    edges.push({ from: { node: `csv${i}`, port: 'table' }, to: { node: `sink${i}`, port: 'table' } });
  });
  return { format: 'sluice-graph', version: 1, name: 'parse-csv cases', nodes, edges };
}

/** A Bronze table's rows without the audit columns, in file order. */
function bronzeRows(dataDir: string, table: string): Record<string, unknown>[] {
  const root = join(dataDir, 'bronze', table);
  const parts = readdirSync(root, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'));
  expect(parts.length, `parts of ${table}`).toBe(1);
  const df = pl.readParquet(join(parts[0]!.parentPath, parts[0]!.name));
  return df.select(...df.columns.filter((c) => !AUDIT.includes(c))).toRecords();
}

async function run(cases: Case[]) {
  const dir = mkdtempSync(join(tmpdir(), 'parse-csv-graph-'));
  for (const c of cases) writeFileSync(join(dir, c.file), c.bytes);
  const result = await runTestGraph(casesGraph(dir, cases), { graphDir: dir });
  return { ...result, dir };
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('parse-csv into Bronze', () => {
  it('lands every dialect option with the values as written', async () => {
    const cases: Case[] = [
      {
        file: 'clients-latin1.csv',
        bytes: latin1('id;name;city\n1;José Müller;Besançon\n2;Ærøskøbing AS;Škofja\n'.replace('Š', 'S')),
        config: { delimiter: 'semicolon', encoding: 'iso-8859-1' },
        rows: [
          { id: '1', name: 'José Müller', city: 'Besançon' },
          { id: '2', name: 'Ærøskøbing AS', city: 'Skofja' },
        ],
      },
      {
        file: 'prices-cp1252.csv',
        bytes: Buffer.concat([Buffer.from('item;price\n'), Buffer.from([0x93, 0x54, 0x94, 0x3b, 0x80, 0x20, 0x31, 0x32, 0x2c, 0x35, 0x30, 0x0a])]),
        config: { delimiter: ';', encoding: 'windows-1252' },
        rows: [{ item: '“T”', price: '€ 12,50' }],
      },
      {
        file: 'decimal-comma.csv',
        bytes: 'article;amount;qty\nA-1;1.234,56;007\nB-2;-0,5;10\n',
        config: { delimiter: 'semicolon' },
        rows: [
          { article: 'A-1', amount: '1.234,56', qty: '007' },
          { article: 'B-2', amount: '-0,5', qty: '10' },
        ],
      },
      {
        file: 'bom-crlf-quoted-newlines.csv',
        bytes: '\ufeffid,comment\r\n1,"first line\r\nsecond line"\r\n2,"say ""hi"", then go"\r\n',
        config: {},
        rows: [
          { id: '1', comment: 'first line\r\nsecond line' },
          { id: '2', comment: 'say "hi", then go' },
        ],
      },
      {
        file: 'classic-mac-cr.csv',
        bytes: 'id,note\r1,"a\rb"\r2,plain\r',
        config: {},
        rows: [
          { id: '1', note: 'a\rb' },
          { id: '2', note: 'plain' },
        ],
      },
      {
        file: 'header-on-row-4.csv',
        bytes: 'Monthly export "ACME\nGenerated: 2024-03-01\n\nregion|total\nnorth|10\nsouth|20\n',
        config: { skipRows: 3, delimiter: 'pipe' },
        rows: [
          { region: 'north', total: '10' },
          { region: 'south', total: '20' },
        ],
      },
      {
        file: 'no-header.tsv',
        bytes: 'a\t1\nb\t2\n',
        config: { header: false, delimiter: 'tab' },
        rows: [
          { column_1: 'a', column_2: '1' },
          { column_1: 'b', column_2: '2' },
        ],
      },
      {
        file: 'null-markers.csv',
        bytes: 'a,b,c,d,e\nNULL,\\N,NA,,""\nx,y,z,w,v\n',
        config: { nullValues: ['', 'NULL', '\\N', 'NA'] },
        rows: [
          { a: null, b: null, c: null, d: null, e: '' },
          { a: 'x', b: 'y', c: 'z', d: 'w', e: 'v' },
        ],
      },
      {
        // A quoted marker is text written on purpose (as PostgreSQL COPY and DuckDB read it).
        file: 'quoted-null-markers.csv',
        bytes: 'id,v,w\r\n1,NULL,\r\n2,\\N,""\r\n3,"NULL",null\r\n4,"\\N","NA"\r\n5,NA,\r\n',
        config: { nullValues: ['NULL', '\\N', 'NA'] },
        rows: [
          { id: '1', v: null, w: '' },
          { id: '2', v: null, w: '' },
          { id: '3', v: 'NULL', w: 'null' },
          { id: '4', v: '\\N', w: 'NA' },
          { id: '5', v: null, w: '' },
        ],
      },
      {
        file: 'quoted-null-markers-trimmed.csv',
        bytes: 'id,v\n1, NULL \n2," NULL "\n3,\n4,""\n',
        config: { nullValues: ['', 'NULL'], trimWhitespace: true },
        rows: [
          { id: '1', v: null },
          { id: '2', v: 'NULL' },
          { id: '3', v: null },
          { id: '4', v: '' },
        ],
      },
      {
        file: 'no-null-markers.csv',
        bytes: 'a,b\nNA,\n',
        config: { nullValues: [] },
        rows: [{ a: 'NA', b: '' }],
      },
      {
        file: 'trim.csv',
        bytes: 'name , city\n  Ana  ,\tOslo \n Bo, NA \n',
        config: { trimWhitespace: true, nullValues: ['', 'NA'] },
        rows: [
          { name: 'Ana', city: 'Oslo' },
          { name: 'Bo', city: null },
        ],
      },
      {
        file: 'single-quotes.csv',
        bytes: "id,text\n1,'a, b'\n2,'it''s'\n",
        config: { quote: "'" },
        rows: [
          { id: '1', text: 'a, b' },
          { id: '2', text: "it's" },
        ],
      },
      {
        file: 'no-quotes.csv',
        bytes: 'id,text\n1,"quoted\n2,5" tall\n',
        config: { quote: 'none' },
        rows: [
          { id: '1', text: '"quoted' },
          { id: '2', text: '5" tall' },
        ],
      },
      {
        file: 'backslash.csv',
        bytes: 'id,path,text\n1,"C:\\\\data\\\\in","he said \\"no\\""\n2,\\N,"x"\n',
        config: { escape: 'backslash', nullValues: ['\\N'] },
        rows: [
          { id: '1', path: 'C:\\data\\in', text: 'he said "no"' },
          { id: '2', path: null, text: 'x' },
        ],
      },
      {
        file: 'caret.csv',
        bytes: 'a^b\n1^2\n',
        config: { delimiter: '^' },
        rows: [{ a: '1', b: '2' }],
      },
      {
        file: 'sniffed.csv',
        bytes: 'a;b;c\n1,5;x;y\n',
        config: { delimiter: 'auto' },
        rows: [{ a: '1,5', b: 'x', c: 'y' }],
      },
      {
        file: 'typed.csv',
        bytes: 'id,zip,ratio,ok\n' + Array.from({ length: 30 }, (_, i) => `${i},${10000 + i},${i}.25,${i % 2 === 0}`).join('\n') + '\n30,01234,n/a,TRUE\n',
        config: { inferTypes: true, inferRows: 10 },
      },
    ];
    const { summary, dataDir, events } = await run(cases);
    expect(summary.errors).toEqual([]);
    expect(summary.files).toEqual({ processed: cases.length, skipped: 0, failed: 0 });
    cases.forEach((c, i) => {
      if (c.rows) expect(bronzeRows(dataDir, `t${i}`), c.file).toEqual(c.rows);
    });

    const typed = bronzeRows(dataDir, `t${cases.length - 1}`);
    expect(typed[0]).toEqual({ id: 0, zip: '10000', ratio: '0.25', ok: true });
    expect(typed[30]).toEqual({ id: 30, zip: '01234', ratio: 'n/a', ok: true });
    const warnings = summary.warnings.map((w) => w.message).join('\n');
    expect(warnings).toMatch(/typed\.csv: column "zip" kept as text: 1 value\(s\) do not fit the Int64 type/);
    expect(warnings).toMatch(/typed\.csv: column "ratio" kept as text/);
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.line.message] : [])).join('\n');
    expect(logs).toMatch(/clients-latin1\.csv: CSV, delimiter ";", iso-8859-1, lf, 3 columns, transcoded to UTF-8/);
    expect(logs).toMatch(/bom-crlf-quoted-newlines\.csv: CSV, delimiter ",", utf-8, crlf, 2 columns, scanned in place/);
    expect(logs).toMatch(/classic-mac-cr\.csv: CSV, delimiter ",", utf-8, cr, 2 columns, scanned in place/);
    expect(logs).toMatch(/backslash\.csv: CSV, .*backslash escapes rewritten/);
  });

  it('keeps a column of integers beyond 64 bits as text, digits as written, and types the others', async () => {
    const huge = ['123456789012345678901234567890', '-123456789012345678901234567890', '18446744073709551615', '9223372036854775808', '-9223372036854775809'];
    const cases: Case[] = [
      {
        file: 'huge-ints.csv',
        bytes: `id,big,neg,u64,ok\n${huge.map((h, i) => `${i},${h},-${h.replace('-', '')},18446744073709551615,true`).join('\n')}\n`,
        config: { inferTypes: true },
      },
      {
        // The huge value comes after the rows types are guessed from: proposed Int64, then kept as text.
        file: 'huge-late.csv',
        bytes: `id,n\n${Array.from({ length: 20 }, (_, i) => `${i},${i * 7}`).join('\n')}\n20,${huge[0]}\n`,
        config: { inferTypes: true, inferRows: 10 },
      },
    ];
    cases.push({ file: 'negative-zero.csv', bytes: 'id,n,f\n1,5,-0.0\n2,-0,1.5\n', config: { inferTypes: true } });
    const { summary, dataDir } = await run(cases);
    expect(summary.errors).toEqual([]);
    expect(summary.files).toEqual({ processed: 3, skipped: 0, failed: 0 });
    // As `+5` or `007`, `-0` is not an integer as written: it would come back as 0. A float keeps its sign.
    expect(bronzeRows(dataDir, 't2')).toEqual([
      { id: 1, n: '5', f: -0 },
      { id: 2, n: '-0', f: 1.5 },
    ]);
    expect(bronzeRows(dataDir, 't0')).toEqual(huge.map((h, i) => ({ id: i, big: h, neg: `-${h.replace('-', '')}`, u64: '18446744073709551615', ok: true })));
    const late = bronzeRows(dataDir, 't1');
    expect(late[20]).toEqual({ id: 20, n: huge[0] });
    expect(late[3]).toEqual({ id: 3, n: '21' });
    const warnings = summary.warnings.map((w) => w.message).join('\n');
    expect(warnings).toMatch(/huge-ints\.csv: column "big" kept as text: .*beyond 64 bits/);
    expect(warnings).toMatch(/huge-late\.csv: column "n" kept as text: 1 value\(s\) do not fit the Int64 type/);
  });

  it('keeps a column as text when a value would come back from a float64 with other digits, and types plain floats', async () => {
    const exact = ['1.5', '1e10', '0.1', '1.50', '-1.25E+3', '0.30000000000000004', '.5'];
    const long = ['0.5', '0.1000000000000000055511151231257827', '2.25', '0.1', '1', '7', '0.75'];
    const big = ['1.5', '123456789012345678901.5', '3.5', '4.5', '5.5', '6.5', '7.5'];
    const range = ['1.5', '1e400', '2.5', '1e-400', '3.5', '4.5', '5.5'];
    // As for integers, a `+` or leading zeros are part of the text as written.
    const padded = ['1.5', '+1.5', '007.5', '-0.5', '0.5', '6.5', '7.5'];
    const lines = exact.map((_, i) => `${i},${exact[i]},${long[i]},${big[i]},${range[i]},${padded[i]}`);
    const cases: Case[] = [
      { file: 'floats.csv', bytes: `id,exact,long,big,range,padded\n${lines.join('\n')}\n`, config: { inferTypes: true } },
      {
        // The lossy value comes after the rows types are guessed from: proposed Float64, then kept as text.
        file: 'floats-late.csv',
        bytes: `id,x\n${Array.from({ length: 20 }, (_, i) => `${i},${i}.5`).join('\n')}\n20,9007199254740993.0\n`,
        config: { inferTypes: true, inferRows: 10 },
      },
    ];
    const { summary, dataDir } = await run(cases);
    expect(summary.errors).toEqual([]);
    expect(summary.files).toEqual({ processed: 2, skipped: 0, failed: 0 });
    expect(bronzeRows(dataDir, 't0')).toEqual(
      exact.map((e, i) => ({ id: i, exact: Number(e), long: long[i], big: big[i], range: range[i], padded: padded[i] })),
    );
    const late = bronzeRows(dataDir, 't1');
    expect(late[20]).toEqual({ id: 20, x: '9007199254740993.0' });
    expect(late[3]).toEqual({ id: 3, x: '3.5' });
    const warnings = summary.warnings.map((w) => w.message).join('\n');
    expect(warnings).toMatch(
      /floats\.csv: column "long" kept as text: 1 value\(s\) do not fit the Float64 type .* \(1 of them a number a float64 cannot hold as written\)/,
    );
    expect(warnings).toMatch(/floats\.csv: column "big" kept as text: 1 value/);
    expect(warnings).toMatch(/floats\.csv: column "range" kept as text: 2 value/);
    expect(warnings).toMatch(/floats\.csv: column "padded" kept as text: 2 value\(s\) do not fit the Float64 type guessed from the first 1000 rows$/m);
    expect(warnings).toMatch(/floats-late\.csv: column "x" kept as text: 1 value/);
    expect(warnings).not.toMatch(/column "exact"/);
  });

  it("reads UTF-16 text with a byte-order mark (Excel's Unicode Text) as its UTF-8 equivalent", async () => {
    const text = 'id\tname\tnote\r\n1\tZoë\t"a\tb"\r\n2\tØrjan 😀\t€ 12,50\r\n';
    const rows = [
      { id: '1', name: 'Zoë', note: 'a\tb' },
      { id: '2', name: 'Ørjan 😀', note: '€ 12,50' },
    ];
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    const cases: Case[] = [
      { file: 'excel-unicode-text.txt', bytes: le, config: { delimiter: 'tab' }, rows },
      { file: 'utf16be.txt', bytes: be, config: { delimiter: 'auto' }, rows },
      { file: 'utf8.txt', bytes: text, config: { delimiter: 'tab' }, rows },
      // A BOM, then binary junk: still refused, naming the file.
      { file: 'junk.txt', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000b\u0001', 'utf16le')]), config: {} },
      // An odd number of bytes is not UTF-16: refused, never padded or replaced.
      { file: 'odd.txt', bytes: Buffer.concat([le, Buffer.from([0x41])]), config: { delimiter: 'tab' } },
    ];
    const { summary, dataDir, events } = await run(cases);
    expect(summary.files).toEqual({ processed: 3, skipped: 0, failed: 2 });
    for (const i of [0, 1, 2]) expect(bronzeRows(dataDir, `t${i}`), cases[i]!.file).toEqual(rows);
    const errorOf = (file: string) => summary.errors.filter((e) => e.file?.endsWith(`/${file}`)).map((e) => e.message);
    expect(errorOf('junk.txt')).toEqual([expect.stringMatching(/junk\.txt: the file holds binary data/)]);
    expect(errorOf('odd.txt')).toEqual([expect.stringMatching(/odd\.txt: could not convert the file from utf-16le to UTF-8/)]);
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.line.message] : [])).join('\n');
    expect(logs).toMatch(/excel-unicode-text\.txt: CSV, delimiter "\\t", utf-16le, crlf, 3 columns, transcoded to UTF-8/);
  });

  it('fails each broken file alone, naming it and the cause, while the others land', async () => {
    const good = 'id,name\n1,ok\n';
    const many = 'id,name\n' + Array.from({ length: 500 }, (_, i) => `${i},n${i}`).join('\n');
    const cases: Case[] = [
      { file: 'good.csv', bytes: good, config: {}, rows: [{ id: '1', name: 'ok' }] },
      { file: 'ragged.csv', bytes: 'id,name\n1,a\n2,b,extra\n', config: {} },
      { file: 'ragged-late.csv', bytes: `${many}\n501,x,extra\n`, config: {} },
      { file: 'unterminated.csv', bytes: 'id,name\n1,"never closed\n2,b\n', config: {} },
      { file: 'latin1-as-utf8.csv', bytes: latin1('id,name\n1,José\n'), config: {} },
      { file: 'really-parquet.csv', bytes: Buffer.from('PAR1\x15\x00\x15\x00', 'latin1'), config: {} },
      { file: 'gzipped.csv', bytes: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), config: {} },
      { file: 'empty.csv', bytes: '', config: {} },
      { file: 'header-only.csv', bytes: 'id,name\n', config: {} },
      { file: 'bom-only.csv', bytes: '\ufeff', config: {} },
    ];
    const { summary, dataDir } = await run(cases);
    // A header without rows, or only a BOM, is a file with no rows: processed, nothing landed.
    expect(summary.files).toEqual({ processed: 3, skipped: 1, failed: 6 });
    expect(summary.rows).toBe(1);
    expect(bronzeRows(dataDir, 't0')).toEqual([{ id: '1', name: 'ok' }]);
    const errorOf = (file: string) => summary.errors.filter((e) => e.file?.endsWith(`/${file}`)).map((e) => e.message);
    expect(errorOf('ragged.csv')).toEqual([
      expect.stringMatching(/ragged\.csv: not readable as CSV with delimiter comma, quote ", encoding utf-8: found more fields than defined in 'Schema'/),
    ]);
    // Past the rows parse-csv checks, the sink meets the broken row; the message still names the file.
    expect(errorOf('ragged-late.csv')).toEqual([expect.stringMatching(/ragged-late\.csv.*found more fields than defined/s)]);
    expect(errorOf('unterminated.csv')).toEqual([expect.stringMatching(/unterminated\.csv.*not properly escaped/s)]);
    expect(errorOf('latin1-as-utf8.csv')).toEqual([expect.stringMatching(/latin1-as-utf8\.csv: .*invalid utf-8.*set encoding to iso-8859-1/)]);
    expect(errorOf('really-parquet.csv')).toEqual([expect.stringMatching(/really-parquet\.csv: the file is a Parquet file \(PAR1 magic bytes\)/)]);
    expect(errorOf('gzipped.csv')).toEqual([expect.stringMatching(/gzipped\.csv: the file is gzip-compressed: put a decompress node before this one/)]);
  });
});
