import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { footerMetadata, readParquetFooter } from './parquet-footer.ts';

const dir = mkdtempSync(join(tmpdir(), 'parquet-footer-'));
const frame = pl.DataFrame({ id: [1, 2, 3], name: ['a', 'b', null] });

describe('readParquetFooter', () => {
  it('reads rows, columns, row groups, codec and writer from the footer', async () => {
    const path = join(dir, 'ok.parquet');
    frame.writeParquet(path, { compression: 'gzip' });
    const f = await readParquetFooter(path, 'ok.parquet');
    expect(f).toMatchObject({ rows: 3, columns: ['id', 'name'], rowGroups: 1, codecs: ['GZIP'] });
    expect(f.createdBy).toMatch(/polars/i);
    expect(footerMetadata(f)).toMatchObject({ format: 'parquet', rows: 3, columns: 2, codec: 'GZIP', size: readFileSync(path).length });
  });

  it('names the file and the cause for a file that is not Parquet', async () => {
    const path = join(dir, 'text.parquet');
    writeFileSync(path, 'id,name\n1,a\n2,b\n');
    await expect(readParquetFooter(path, 'text.parquet')).rejects.toThrow(/^text\.parquet: not a Parquet file: it does not start with the PAR1/);
  });

  it('names a truncated file', async () => {
    const path = join(dir, 'cut.parquet');
    frame.writeParquet(path);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 20));
    await expect(readParquetFooter(path, 'cut.parquet')).rejects.toThrow(/^cut\.parquet: corrupt Parquet file: no PAR1 magic at the end/);
  });

  it('names a file whose footer is garbage', async () => {
    const path = join(dir, 'garbage.parquet');
    frame.writeParquet(path);
    const bytes = Buffer.from(readFileSync(path));
    const footerLength = bytes.readUInt32LE(bytes.length - 8);
    bytes.fill(0xff, bytes.length - 8 - footerLength, bytes.length - 8);
    writeFileSync(path, bytes);
    await expect(readParquetFooter(path, 'garbage.parquet')).rejects.toThrow(/^garbage\.parquet: corrupt Parquet (footer|schema)/);
  });

  it('rejects a footer length larger than the file', async () => {
    const path = join(dir, 'len.parquet');
    const bytes = Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(8), Buffer.from([0xff, 0xff, 0, 0]), Buffer.from('PAR1')]);
    writeFileSync(path, bytes);
    await expect(readParquetFooter(path, 'len.parquet')).rejects.toThrow(/footer length 65535 is larger than the file/);
  });
});
