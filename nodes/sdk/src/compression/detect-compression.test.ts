import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { compress as zstdCompress } from 'zstd-napi';
import { detectCompression, stripCompressionSuffix } from './detect-compression.ts';

describe('detectCompression', () => {
  it('knows gzip and zstd by their magic bytes, whatever the name', () => {
    expect(detectCompression(gzipSync('x'))).toBe('gzip');
    expect(detectCompression(zstdCompress(Buffer.from('x')))).toBe('zstd');
    expect(detectCompression(Buffer.from('a,b\n'))).toBeNull();
    expect(detectCompression(Buffer.from([0x1f]))).toBeNull();
    expect(detectCompression(Buffer.alloc(0))).toBeNull();
  });

  it('strips only the suffix of the detected compression', () => {
    expect(stripCompressionSuffix('sales.csv.gz', 'gzip')).toBe('sales.csv');
    expect(stripCompressionSuffix('sales.csv.GZIP', 'gzip')).toBe('sales.csv');
    expect(stripCompressionSuffix('sales.csv.zst', 'zstd')).toBe('sales.csv');
    expect(stripCompressionSuffix('sales.jsonl.zstd', 'zstd')).toBe('sales.jsonl');
    expect(stripCompressionSuffix('sales.csv', 'gzip')).toBe('sales.csv');
    expect(stripCompressionSuffix('sales.csv.gz', 'zstd')).toBe('sales.csv.gz');
    expect(stripCompressionSuffix('.gz', 'gzip')).toBe('.gz');
  });
});
