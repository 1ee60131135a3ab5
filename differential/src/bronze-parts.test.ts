import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pl from 'nodejs-polars';
import { afterEach, describe, expect, it } from 'vitest';
import { bronzeParts } from './bronze-parts.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('bronzeParts', () => {
  it('splits a part of several source files by its _source_file column', async () => {
    const table = mkdtempSync(join(tmpdir(), 'sluice-differential-parts-'));
    dirs.push(table);
    mkdirSync(join(table, 'day'));
    const uri = (key: string) => pathToFileURL(join('/cases', key)).href;
    pl.DataFrame({ x: [1, 2, 3], _source_file: [uri('a b.csv'), uri('sub/c.csv'), uri('a b.csv')] }).writeParquet(join(table, 'day/part-batch.parquet'));
    pl.DataFrame({ x: [9], _source_file: [uri('d.csv')] }).writeParquet(join(table, 'day/part-d.parquet'));
    const part = (path: string, keys: string[]) => ({ path, files: keys.map((key) => ({ node: 'src', key })) });
    const manifest = { version: 2, parts: [part('day/part-batch.parquet', ['a b.csv', 'sub/c.csv']), part('day/part-d.parquet', ['d.csv'])] };
    writeFileSync(join(table, '_sluice_manifest.json'), JSON.stringify(manifest));

    const read = await bronzeParts(table);
    const values = (name: string) => read.parts.get(name)?.rows.map((r) => Number(r[0]));
    expect(values('a b.csv')).toEqual([1, 3]);
    expect(values('c.csv')).toEqual([2]);
    expect(values('d.csv')).toEqual([9]);
    expect(read.paths.get('c.csv')).toBe(join(table, 'day/part-batch.parquet'));
    expect(read.filters.get('d.csv')).toBe('');
    expect(read.unpublished).toEqual([]);
  });
});
