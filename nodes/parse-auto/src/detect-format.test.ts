import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import parseCsv from '@sluice/node-parse-csv';
import parseExcel from '@sluice/node-parse-excel';
import parseJson from '@sluice/node-parse-json';
import parseParquet from '@sluice/node-parse-parquet';
import { pluginCatalog } from '@sluice/sdk';
import { detectFormat as detectWith, formatOfName as formatOfNameWith } from './detect-format.ts';

// The built-in parsers, as the plugin catalog hands them to parse-auto.
const detectors = pluginCatalog([parseCsv, parseExcel, parseJson, parseParquet]).withFacet('detect');
const detectFormat = (head: Uint8Array, name: string) => detectWith(head, name, detectors);
const formatOfName = (name: string) => formatOfNameWith(name, detectors);

const fmt = (head: string | Buffer, name = 'x') => {
  const d = detectFormat(typeof head === 'string' ? Buffer.from(head, 'latin1') : head, name);
  return d.kind === 'format' ? d.format : d.kind === 'compressed' ? d.compression : 'unknown';
};

describe('detectFormat', () => {
  it('trusts magic bytes and content over the name', () => {
    expect(fmt('PAR1\x15\x04', 'data.csv')).toBe('parquet');
    expect(fmt('PK\x03\x04\x14\x00', 'report.csv')).toBe('xlsx');
    expect(fmt('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'old.xls')).toBe('xlsx');
    expect(fmt(gzipSync('a,b'), 'a.csv')).toBe('gzip');
    expect(fmt(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 4]), 'a')).toBe('zstd');
    expect(fmt('{"a":1}\n{"a":2}\n', 'orders.csv')).toBe('json');
    expect(fmt('\xef\xbb\xbf \n [1]', 'x')).toBe('json');
    expect(fmt('a,b\n1,2\n', 'data.json')).toBe('csv');
    expect(fmt('a;b\n', 'noext')).toBe('csv');
    expect(fmt('[\n  {"id": 1}\n]', 'x')).toBe('json');
    expect(fmt('[1, 2]', 'x')).toBe('json');
    expect(fmt('[true]', 'x')).toBe('json');
    expect(fmt('[]', 'x')).toBe('json');
    expect(fmt('{}', 'x')).toBe('json');
    // SQL Server-style bracketed headers are CSV, not JSON.
    expect(fmt('[id],[name]\n1,a\n', 'export.csv')).toBe('csv');
    expect(fmt('[timestamp];[value]\n', 'x')).toBe('csv');
    expect(fmt('{id},{name}\n', 'x')).toBe('csv');
  });

  it('refuses binary data of no known format, and uses the name only for an empty file', () => {
    const d = detectFormat(Buffer.from('\x89PNG\r\n\x1a\n\x00', 'latin1'), 'photo.csv');
    expect(d).toEqual({ kind: 'unknown', why: expect.stringMatching(/binary data of no supported format \(a NUL byte at offset 8/) });
    const utf16 = (s: string) => Buffer.from(s, 'utf16le');
    expect(fmt(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16('a\tb\r\n')]), 'export.txt')).toBe('csv');
    expect(fmt(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16('a,b\n').swap16()]), 'x')).toBe('csv');
    expect(detectFormat(utf16('a\tb\r\n1\t2\r\n'), 'x.txt')).toEqual({
      kind: 'unknown',
      why: expect.stringMatching(/^UTF-16 text without a byte-order mark \(little-endian/),
    });
    expect(detectFormat(utf16('a,b\n').swap16(), 'x.txt')).toEqual({
      kind: 'unknown',
      why: expect.stringMatching(/^UTF-16 text without a byte-order mark \(big-endian/),
    });
    expect(detectFormat(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), 'x')).toEqual({ kind: 'unknown', why: expect.stringMatching(/^UTF-32 text/) });
    expect(fmt('', 'empty.json')).toBe('json');
    expect(fmt('', 'empty')).toBe('csv');
  });

  it('reads the format a name claims', () => {
    expect(formatOfName('a.TSV')).toBe('csv');
    expect(formatOfName('a.ndjson')).toBe('json');
    expect(formatOfName('a.parquet')).toBe('parquet');
    expect(formatOfName('a.xlsx')).toBe('xlsx');
    expect(formatOfName('a.bin')).toBeNull();
    expect(formatOfName('README')).toBeNull();
  });
});
