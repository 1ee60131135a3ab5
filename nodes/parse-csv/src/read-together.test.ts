import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileItem, SourceFile } from '@sluice/sdk';
import { batchTableItem } from '@sluice/sdk/polars';
import { describe, expect, it } from 'vitest';
import { type ParseCsvConfig, parseCsvConfig } from './csv-config.ts';
import { csvTable } from './csv-table.ts';
import { type PreparedCsv, prepareCsv } from './prepare-csv.ts';
import { readTogether, readTogetherKey, type TogetherTable } from './read-together.ts';

function fileItem(path: string, name: string): FileItem {
  const origin = { uri: pathToFileURL(path).href, sourceNode: 'src', key: name, fingerprint: name, size: 0, modifiedAt: new Date(0) };
  return { kind: 'file', name, origin, localPath: async () => path } as unknown as FileItem;
}

async function prepared(dir: string, files: Record<string, string | Buffer>, config: ParseCsvConfig): Promise<PreparedCsv[]> {
  return Promise.all(
    Object.entries(files).map(([name, bytes]) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return prepareCsv(fileItem(path, name), config, async (n) => join(dir, `tmp-${n}`));
    }),
  );
}

/** A file's own rows out of its batch, as a consumer of its table item gets them. */
const frameOf = (t: TogetherTable) => batchTableItem({ uri: 'file:///x' } as SourceFile, 'csv', t.batch).frame;

/** Every row of a table as JSON, nulls distinct from empty text. */
async function rowsOf(frame: { collect(): Promise<{ toRecords(): Record<string, unknown>[] }> }): Promise<string[]> {
  return (await frame.collect()).toRecords().map((r) => JSON.stringify(r));
}

describe('readTogether', () => {
  it('gives each file of a batch the table it has read alone, value for value, a header-only file included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-together-'));
    const config = parseCsvConfig.parse({ nullValues: ['', 'NA'], skipRows: 1 });
    // One header; quoted empty text, unquoted empty fields (null), a null marker unquoted,
    // a quoted line break and delimiter, accents, CRLF line ends, a last line without its end.
    const files = {
      'a.csv': 'report of monday\r\nid,name,note\r\n1,"José, ""Pepe""",\r\n2,"",NA\r\n',
      'b.csv': 'report of tuesday\r\nid,name,note\r\n',
      'c.csv': 'report\r\nid,name,note\r\n3,"two\r\nlines","N,A"\r\n4,  spaced  ,x',
      'd.csv': 'r\r\nid,name,note\r\n5,Zoë,\r\n',
    };
    const ready = await prepared(dir, files, config);
    const keys = ready.map((p) => readTogetherKey(p, config));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).not.toBeNull();

    const together = await readTogether(ready, config, join(dir, 'links'));
    for (const [i, p] of ready.entries()) {
      const alone = await csvTable(p, config, p.scanPath, () => {});
      expect(together[i]!.columns).toEqual(alone.columns);
      expect(await rowsOf(frameOf(together[i]!)), Object.keys(files)[i]).toEqual(await rowsOf(alone.frame));
    }
    expect(await rowsOf(frameOf(together[0]!))).toEqual([
      JSON.stringify({ id: '1', name: 'José, "Pepe"', note: null }),
      JSON.stringify({ id: '2', name: '', note: null }),
    ]);
    expect(await rowsOf(frameOf(together[1]!))).toEqual([]);
    // One frame for the batch, shared by every file, each row tagged with its file's key.
    const { rows, fileColumn } = together[0]!.batch;
    expect(together.every((t) => t.batch.rows === rows && t.batch.fileColumn === fileColumn)).toBe(true);
    expect(new Set(together.map((t) => t.batch.key)).size).toBe(4);
    const counts = (await rows.collect()).getColumn(fileColumn).valueCounts().toRecords();
    expect(Object.fromEntries(counts.map((r) => [together.findIndex((t) => t.batch.key === r[fileColumn]), r.count]))).toEqual({ 0: 2, 2: 2, 3: 1 });
    expect(await rowsOf(frameOf(together[2]!))).toEqual([
      JSON.stringify({ id: '3', name: 'two\r\nlines', note: 'N,A' }),
      JSON.stringify({ id: '4', name: '  spaced  ', note: 'x' }),
    ]);
  });

  it('shapes header names and trims values as a file read alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-together-'));
    const config = parseCsvConfig.parse({ trimWhitespace: true, nullValues: ['', 'NA'] });
    const files = { 'a.csv': ' id ,,\n 1 , NA ,x\n', 'b.csv': ' id ,,\n2,  ,  y \n' };
    const ready = await prepared(dir, files, config);
    const together = await readTogether(ready, config, join(dir, 'links'));
    for (const [i, p] of ready.entries()) {
      const alone = await csvTable(p, config, p.scanPath, () => {});
      expect(together[i]!.columns).toEqual(['id', 'column_2', 'column_3']);
      expect(await rowsOf(frameOf(together[i]!))).toEqual(await rowsOf(alone.frame));
    }
  });

  it('keys files apart by header and dialect, and reads alone what needs more than one scan in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-together-'));
    const config = parseCsvConfig.parse({ delimiter: 'auto' });
    const [a, b, semi, bom, big] = await prepared(
      dir,
      {
        'a.csv': 'id,name\n1,x\n',
        'b.csv': 'id,label\n1,x\n',
        'semi.csv': 'id;name\n1;x\n',
        'bom.csv': '\ufeffid,name\n1,x\n',
        'big.csv': `id,name\n${'1,x\n'.repeat(20_000)}`,
      },
      config,
    );
    const key = (p: PreparedCsv, c: ParseCsvConfig = config) => readTogetherKey(p, c);
    expect(key(a!)).not.toBeNull();
    expect(key(b!)).not.toBe(key(a!));
    expect(key(semi!)).not.toBe(key(a!));
    expect(key(bom!)).toBeNull();
    expect(key(big!)).toBeNull();
    expect(key(a!, { ...config, inferTypes: true })).toBeNull();
    // A quoted null marker is text: the markers are applied to the bytes, in a copy read alone.
    const markers = { ...config, nullValues: ['', 'NA'] };
    const [quoted] = await prepared(dir, { 'quoted.csv': 'id,name\n1,"NA"\n' }, markers);
    expect(key(quoted!, markers)).toBeNull();
    const [latin] = await prepared(dir, { 'latin.csv': Buffer.from('id,name\n1,José\n', 'latin1') }, { ...config, encoding: 'iso-8859-1' });
    expect(key(latin!, { ...config, encoding: 'iso-8859-1' })).toBeNull();
  });

  it('fails the whole batch, without naming a file, when one of its files is not readable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-together-'));
    const config = parseCsvConfig.parse({});
    const ready = await prepared(dir, { 'a.csv': 'id,name\n1,x\n', 'b.csv': 'id,name\n1,x,surplus\n' }, config);
    await expect(readTogether(ready, config, join(dir, 'links'))).rejects.toThrow(/2 CSV files read together failed: .+/);
  });

  it('refuses a links folder whose path polars would take as a pattern', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-together-'));
    const config = parseCsvConfig.parse({});
    const ready = await prepared(dir, { 'a.csv': 'id\n1\n', 'b.csv': 'id\n2\n' }, config);
    await expect(readTogether(ready, config, join(dir, 'links[1]'))).rejects.toThrow(/glob syntax/);
  });
});
