import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GraphDocument } from '@sluice/sdk';
import { runTestGraph } from '@sluice/engine/testing';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { compress as zstdCompress } from 'zstd-napi';

function graph(dir: string, decompress: Record<string, unknown>): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'decompress into bronze',
    nodes: {
      src: node('source-local', 0, { folder: dir }),
      unzip: node('decompress', 200, decompress),
      csv: node('parse-csv', 400, {}),
      sink: node('bronze-sink', 600, { table: 'events' }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'unzip', port: 'files' } },
      { from: { node: 'unzip', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

/** Bronze rows by source file name (the last part of `_source_file`). */
function bronzeBySource(dataDir: string): Map<string, Record<string, unknown>[]> {
  const root = join(dataDir, 'bronze', 'events');
  const out = new Map<string, Record<string, unknown>[]>();
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.parquet') || e.name.startsWith('.')) continue;
    // A part may hold several files (a batch): their rows are told apart by `_source_file`.
    for (const df of pl.readParquet(join(e.parentPath, e.name)).partitionBy('_source_file', true)) {
      const source = String(df.getColumn('_source_file').get(0)).split('/').pop()!;
      out.set(source, df.select('id', 'v').toRecords());
    }
  }
  return out;
}

const csv = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${from + i},v${from + i}\n`).join('');

describe('decompress into Bronze', () => {
  it('lands gzip (multi-member), zstd (multi-frame) and plain files; broken ones fail alone, named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decompress-graph-'));
    // Two gzip members, as `cat a.gz b.gz` or pigz make them.
    writeFileSync(join(dir, 'multi.csv.gz'), Buffer.concat([gzipSync('id,v\n' + csv(0, 3)), gzipSync(csv(3, 5))]));
    writeFileSync(join(dir, 'frames.csv.zst'), Buffer.concat([zstdCompress(Buffer.from('id,v\n' + csv(0, 2))), zstdCompress(Buffer.from(csv(2, 4)))]));
    writeFileSync(join(dir, 'plain.csv'), 'id,v\n' + csv(0, 2));
    // Wrong extensions: gzip bytes without .gz, and plain text named .gz.
    writeFileSync(join(dir, 'export.csv'), gzipSync('id,v\n' + csv(7, 9)));
    writeFileSync(join(dir, 'not-really.csv.gz'), 'id,v\n' + csv(9, 10));
    const whole = gzipSync('id,v\n' + csv(0, 2000));
    writeFileSync(join(dir, 'truncated.csv.gz'), whole.subarray(0, whole.length - 200));
    const zst = zstdCompress(Buffer.from('id,v\n' + csv(0, 2000)));
    const corrupt = Buffer.from(zst);
    for (let i = 20; i < 60; i++) corrupt[i] = corrupt[i]! ^ 0xa5;
    writeFileSync(join(dir, 'corrupt.csv.zst'), corrupt);
    // 64 frames of 8 MiB of the same line: 512 MiB out of a few kilobytes.
    const bombFrame = zstdCompress(Buffer.from('1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat((8 << 20) / 33)));
    writeFileSync(join(dir, 'bomb.csv.zst'), Buffer.concat([Buffer.from(zstdCompress(Buffer.from('id,v\n'))), ...Array.from({ length: 64 }, () => bombFrame)]));

    const { summary, dataDir } = await runTestGraph(graph(dir, { maxRatio: 100 }), { graphDir: dir });
    expect(summary.files).toEqual({ processed: 5, skipped: 0, failed: 3 });
    const rows = bronzeBySource(dataDir);
    const expected = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: String(from + i), v: `v${from + i}` }));
    expect(rows.get('multi.csv.gz')).toEqual(expected(0, 5));
    expect(rows.get('frames.csv.zst')).toEqual(expected(0, 4));
    expect(rows.get('plain.csv')).toEqual(expected(0, 2));
    expect(rows.get('export.csv')).toEqual(expected(7, 9));
    expect(rows.get('not-really.csv.gz')).toEqual(expected(9, 10));

    const errorOf = (file: string) => summary.errors.filter((e) => e.file?.endsWith(`/${file}`)).map((e) => e.message);
    expect(errorOf('truncated.csv.gz')).toEqual([expect.stringMatching(/truncated\.csv\.gz: the gzip data is truncated \(unexpected end of file\)/)]);
    expect(errorOf('corrupt.csv.zst')).toEqual([expect.stringMatching(/corrupt\.csv\.zst: the zstd data is corrupt \(.+\)/)]);
    expect(errorOf('bomb.csv.zst')).toEqual([
      expect.stringMatching(
        /bomb\.csv\.zst: decompression bomb: zstd ratio \d+:1 exceeds maxRatio 100 \(.* so far; limits: maxDecompressedBytes 50\.0 GiB, maxRatio 100\)/,
      ),
    ]);
    // Each broken file is the decompressor's failure, though it broke inside the parser reading the stream.
    expect(summary.errors.map((e) => e.node)).toEqual(['unzip', 'unzip', 'unzip']);
    expect(summary.nodes.unzip).toMatchObject({ state: 'failed', filesFailed: 3 });
    expect(summary.nodes.csv).toMatchObject({ state: 'done', filesFailed: 0, errors: 0 });
    expect(summary.warnings.map((w) => w.message).join('\n')).toMatch(/not-really\.csv\.gz is named like a compressed file but its bytes are not gzip or zstd/);
    // Bytes out: decompressed sizes of the spooled files plus the sizes of the files passed through.
    const text = (from: number, to: number) => Buffer.byteLength('id,v\n' + csv(from, to));
    expect(summary.nodes.unzip!.bytesOut).toBe(text(0, 5) + text(0, 4) + text(7, 9) + text(0, 2) + text(9, 10));
  });

  it('fails a file whose output passes maxDecompressedBytes, and lands the one below it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decompress-size-'));
    writeFileSync(join(dir, 'small.csv.gz'), gzipSync('id,v\n' + csv(0, 1000)));
    writeFileSync(join(dir, 'large.csv.zst'), zstdCompress(Buffer.from('id,v\n' + csv(0, 200_000))));
    const { summary, dataDir } = await runTestGraph(graph(dir, { maxDecompressedBytes: 1 << 20 }), { graphDir: dir });
    expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
    expect(bronzeBySource(dataDir).get('small.csv.gz')).toHaveLength(1000);
    expect(summary.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/large\.csv\.zst: decompression bomb: zstd output passed 1\.0 MiB \(.*; limits: maxDecompressedBytes 1\.0 MiB, maxRatio 200\)/),
    ]);
  });
});
