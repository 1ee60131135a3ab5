import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectLineEnd, hasUtf8Bom, notCsvReason, sniffDelimiter } from './sniff-csv.ts';

const Q = 0x22;

describe('notCsvReason', () => {
  it('names what a non-CSV file really is', () => {
    expect(notCsvReason(gzipSync('a,b'))).toMatch(/gzip-compressed: put a decompress node/);
    expect(notCsvReason(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]))).toMatch(/zstd-compressed/);
    expect(notCsvReason(Buffer.from('PAR1\x15\x04'))).toMatch(/Parquet file \(PAR1 magic bytes\).*parse-parquet/);
    expect(notCsvReason(Buffer.from('PK\x03\x04xx'))).toMatch(/zip archive.*parse-excel/);
    expect(notCsvReason(Buffer.from('\x89PNG\r\n\x1a\n\x00\x00', 'latin1'))).toMatch(/binary data \(a NUL byte at offset 8\)/);
    expect(notCsvReason(Buffer.from('a,b\n1,2\n'))).toBeNull();
    expect(notCsvReason(Buffer.from('caf\xe9', 'latin1'))).toBeNull();
  });
});

describe('detectLineEnd', () => {
  it('finds the first line end outside quotes', () => {
    expect(detectLineEnd(Buffer.from('a,b\n1,2\n'), Q)).toBe('lf');
    expect(detectLineEnd(Buffer.from('a,b\r\n1,2\r\n'), Q)).toBe('crlf');
    expect(detectLineEnd(Buffer.from('a,b\r1,2\r'), Q)).toBe('cr');
    expect(detectLineEnd(Buffer.from('"x\ny",b\r1,2\r'), Q)).toBe('cr');
    expect(detectLineEnd(Buffer.from('"x\ry",b\n'), Q)).toBe('lf');
    expect(detectLineEnd(Buffer.from('"x\ry",b\n'), null)).toBe('cr');
    expect(detectLineEnd(Buffer.from('a,b'), Q)).toBe('lf');
  });
});

describe('sniffDelimiter', () => {
  it('picks the candidate that splits every line alike', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n', '"', 'lf')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n', '"', 'lf')).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n', '"', 'lf')).toBe('|');
    expect(sniffDelimiter('a,b\n"x;y;z",2\n', '"', 'lf')).toBe(',');
    expect(sniffDelimiter('a,b\r1,2\r', '"', 'cr')).toBe(',');
    expect(sniffDelimiter('single\ncolumn\n', '"', 'lf')).toBe(',');
  });

  it('knows a UTF-8 BOM', () => {
    expect(hasUtf8Bom(Buffer.from('\ufeffa,b'))).toBe(true);
    expect(hasUtf8Bom(Buffer.from('a,b'))).toBe(false);
  });
});
