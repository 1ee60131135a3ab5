import { createReadStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf, type FileItem } from '@sluice/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvConfig, type ParseCsvConfig } from './csv-config.ts';
import { csvTable } from './csv-table.ts';
import { prepareCsv } from './prepare-csv.ts';
import plugin from './index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parse-csv-test-'));
});

/** A local file as a source would hand it over. */
async function localFile(name: string, bytes: string | Buffer): Promise<FileItem> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const size = Buffer.byteLength(bytes);
  const modifiedAt = new Date();
  return {
    kind: 'file',
    origin: { sourceNode: 'src', key: name, uri: `file://${path}`, size, modifiedAt, fingerprint: fingerprintOf({ size, modifiedAt }) },
    name,
    size,
    open: async () => createReadStream(path),
    localPath: async () => path,
  };
}

async function rows(name: string, bytes: string | Buffer, options: Partial<ParseCsvConfig> = {}) {
  const config = parseCsvConfig.parse(options);
  const file = await localFile(name, bytes);
  const prepared = await prepareCsv(file, config, async (n) => join(dir, `${name}-${n}`));
  const warnings: string[] = [];
  const table = await csvTable(prepared, config, file.origin.uri, (w) => warnings.push(w));
  const df = await table.frame.collect();
  return { rows: df.toRecords(), dtypes: df.dtypes.map((d) => String(d).replace(/^DataType\((.*)\)$/, '$1')), table, warnings, prepared };
}

describe('csvTable', () => {
  it('reads the fast path in place, every column as text', async () => {
    const r = await rows('plain.csv', 'id,amount\n007,1.50\n2,x\n');
    expect(r.prepared.rewritten).toBe(false);
    expect(r.rows).toEqual([
      { id: '007', amount: '1.50' },
      { id: '2', amount: 'x' },
    ]);
    // A path is a path, not a glob pattern; the extension does not matter to scanCSV.
    expect((await rows('report[2024]*.dat', 'a\n1\n')).rows).toEqual([{ a: '1' }]);
  });

  it('scans a file larger than the sniffed head lazily, and still fails a bad early row in the parse node', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `${i},name ${i},${i}.5`).join('\n');
    const big = await rows('big.csv', `id,name,amount\n${body}\n`);
    expect(big.prepared.small).toBe(false);
    expect(big.rows).toHaveLength(5000);
    expect(big.rows[4999]).toEqual({ id: '4999', name: 'name 4999', amount: '4999.5' });
    await expect(
      csvTable(
        await prepareCsv(await localFile('big-ragged.csv', `id,name,amount\n1,a,2\n2,b,3,extra\n${body}\n`), parseCsvConfig.parse({}), async (n) =>
          join(dir, n),
        ),
        parseCsvConfig.parse({}),
        'big-ragged.csv',
        () => {},
      ),
    ).rejects.toThrow(/^big-ragged\.csv: not readable as CSV with delimiter comma, quote ", encoding utf-8: .*more fields/);
  });

  it('rewrites Latin-1 and Windows-1252 to UTF-8 before polars reads them', async () => {
    const latin1 = Buffer.from('name;city\nJosé;Zürich\nFrançois;Besançon\n', 'latin1');
    const r = await rows('latin1.csv', latin1, { encoding: 'iso-8859-1', delimiter: 'semicolon' });
    expect(r.prepared.rewritten).toBe(true);
    expect(r.rows).toEqual([
      { name: 'José', city: 'Zürich' },
      { name: 'François', city: 'Besançon' },
    ]);
    const cp1252 = Buffer.concat([Buffer.from('price,note\n'), Buffer.from([0x80, 0x35, 0x2c, 0x93, 0x6f, 0x6b, 0x94, 0x0a])]);
    expect((await rows('cp1252.csv', cp1252, { encoding: 'windows-1252' })).rows).toEqual([{ price: '€5', note: '“ok”' }]);
  });

  it('fails Latin-1 read as UTF-8 with a hint, naming the file', async () => {
    await expect(rows('wrong-enc.csv', Buffer.from('a\ncafé\n', 'latin1'))).rejects.toThrow(
      /wrong-enc\.csv: not readable as CSV .*invalid utf-8.*set encoding to iso-8859-1/,
    );
  });

  it('applies null markers, and "" only to unquoted empty fields', async () => {
    const r = await rows('nulls.csv', 'a,b,c,d\nNA,,"",\\N\nNULL,x,y,z\n', { nullValues: ['', 'NA', 'NULL', '\\N'] });
    expect(r.rows).toEqual([
      { a: null, b: null, c: '', d: null },
      { a: null, b: 'x', c: 'y', d: 'z' },
    ]);
    expect((await rows('nonull.csv', 'a,b\nNA,\n', { nullValues: [] })).rows).toEqual([{ a: 'NA', b: '' }]);
  });

  it('trims whitespace, then matches null markers', async () => {
    const r = await rows('trim.csv', 'a,b\n  x  , NA \n\t y,  \n', { trimWhitespace: true, nullValues: ['', 'NA'] });
    expect(r.rows).toEqual([
      { a: 'x', b: null },
      { a: 'y', b: null },
    ]);
  });

  it('names columns column_1.. without a header, and names empty header cells', async () => {
    expect((await rows('nohdr.csv', '1,2\n3,4\n', { header: false })).rows).toEqual([
      { column_1: '1', column_2: '2' },
      { column_1: '3', column_2: '4' },
    ]);
    expect((await rows('emptyname.csv', 'a,,c\n1,2,3\n')).table.columns).toEqual(['a', 'column_2', 'c']);
    // polars names a second empty cell `_duplicated_0` (a repeat of the empty name): it is empty too.
    expect((await rows('emptynames.csv', 'id,,name,, \n1,a,b,c,d\n')).table.columns).toEqual(['id', 'column_2', 'name', 'column_4', 'column_5']);
    expect((await rows('dupnames.csv', 'a,a,_duplicated_0\n1,2,3\n')).table.columns).toEqual(['a', 'a_duplicated_0', '_duplicated_0']);
  });

  it('reads CR-only, CRLF and quoted newlines, and drops a BOM', async () => {
    expect((await rows('cr.csv', 'a,b\r1,"x\ry"\r3,4\r')).rows).toEqual([
      { a: '1', b: 'x\ry' },
      { a: '3', b: '4' },
    ]);
    expect((await rows('crlf.csv', '\ufeffa,b\r\n1,"two\r\nlines"\r\n')).rows).toEqual([{ a: '1', b: 'two\r\nlines' }]);
  });

  it('reads single quotes, no quotes and backslash escapes', async () => {
    expect((await rows('sq.csv', "a,b\n'x,y','it''s'\n", { quote: "'" })).rows).toEqual([{ a: 'x,y', b: "it's" }]);
    expect((await rows('nq.csv', 'a,b\n"x,"y"\n', { quote: 'none' })).rows).toEqual([{ a: '"x', b: '"y"' }]);
    const r = await rows('bs.csv', 'a,b\n"say \\"hi\\"","C:\\\\x"\n', { escape: 'backslash' });
    expect(r.prepared.rewritten).toBe(true);
    expect(r.rows).toEqual([{ a: 'say "hi"', b: 'C:\\x' }]);
  });

  it('skips preamble lines, even with a stray quote', async () => {
    const text = 'Sales report "Q1\nGenerated 2024-01-01\n\nregion,total\nnorth,10\n';
    expect((await rows('pre.csv', text, { skipRows: 3 })).rows).toEqual([{ region: 'north', total: '10' }]);
  });

  it('guesses the delimiter with auto, and takes any single character', async () => {
    const r = await rows('auto.csv', 'a;b\n1,5;2,5\n', { delimiter: 'auto' });
    expect(r.rows).toEqual([{ a: '1,5', b: '2,5' }]);
    expect(r.table.metadata.delimiter).toBe(';');
    expect((await rows('caret.csv', 'a^b\n1^2\n', { delimiter: '^' })).rows).toEqual([{ a: '1', b: '2' }]);
    expect((await rows('tab.tsv', 'a\tb\n1\t2\n', { delimiter: 'tab' })).rows).toEqual([{ a: '1', b: '2' }]);
  });

  it('types only columns whose every value fits, and says why the others stay text', async () => {
    const body =
      'id,zip,price,flag,label\n' +
      Array.from({ length: 50 }, (_, i) => `${i},${1000 + i},${i}.5,${i % 2 ? 'true' : 'False'},x`).join('\n') +
      '\n51,00501,n/a,true,y\n';
    const r = await rows('typed.csv', body, { inferTypes: true, inferRows: 10 });
    expect(r.dtypes).toEqual(['Int64', 'String', 'String', 'Bool', 'String']);
    expect(r.rows.at(-1)).toEqual({ id: 51, zip: '00501', price: 'n/a', flag: true, label: 'y' });
    expect(r.rows[0]).toEqual({ id: 0, zip: '1000', price: '0.5', flag: false, label: 'x' });
    expect(r.warnings.join('\n')).toMatch(/column "zip" kept as text: 1 value\(s\) do not fit the Int64 type/);
    expect(r.warnings.join('\n')).toMatch(/column "price" kept as text: 1 value\(s\) do not fit the Float64/);
  });

  it('fails a ragged row near the top at once, naming the file and cause', async () => {
    await expect(rows('ragged.csv', 'a,b\n1,2\n3,4,5\n')).rejects.toThrow(
      /ragged\.csv: not readable as CSV with delimiter comma.*found more fields than defined/,
    );
  });

  it('leaves an unterminated quote to the full read (a row limit hides it), which fails', async () => {
    // polars' head() ends before a record that never ends, so only reading every row sees it:
    // in a graph that is the sink, and the executor reports it with the file's name.
    await expect(rows('unterminated.csv', 'a,b\n1,"2\n3,4\n')).rejects.toThrow(/not properly escaped/);
  });

  it('refuses files that are not CSV text', async () => {
    await expect(rows('data.csv', Buffer.from('PAR1\x00\x00\x00', 'latin1'))).rejects.toThrow(/data\.csv: the file is a Parquet file/);
  });
});

describe('inspect', () => {
  it('describes the dialect and columns from the first bytes, rewriting only those', async () => {
    const file = await localFile('inspect-latin1.csv', Buffer.from('Export\nDate: 2024\n\nNº;Prénom;Ville\n1;José;Besançon\n', 'latin1'));
    const config = parseCsvConfig.parse({ encoding: 'iso-8859-1', delimiter: 'auto', skipRows: 3 });
    const meta = await plugin.inspect!(config, file, undefined as never);
    expect(meta).toEqual({
      format: 'csv',
      delimiter: ';',
      encoding: 'iso-8859-1',
      bom: false,
      lineEnd: 'lf',
      quote: '"',
      escape: 'doubled',
      header: true,
      skipRows: 3,
      rewritten: true,
      columns: ['Nº', 'Prénom', 'Ville'],
      typedColumns: [],
    });
  });

  it('previews a large UTF-16 file from its first bytes, cut at a line end', async () => {
    const text = `Nº\tPrénom\r\n${'1\tJosé 😀\r\n'.repeat(20_000)}`;
    const file = await localFile('unicode.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    const meta = await plugin.inspect!(parseCsvConfig.parse({ delimiter: 'auto' }), file, undefined as never);
    expect(meta).toMatchObject({ delimiter: '\t', encoding: 'utf-16be', bom: true, lineEnd: 'crlf', rewritten: true, columns: ['Nº', 'Prénom'] });
  });
});
