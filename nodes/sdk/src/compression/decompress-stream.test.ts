import { getDefaultHighWaterMark, Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compress as zstdCompress } from 'zstd-napi';
import { decompressStream as streamed, decompressTo } from './decompress-stream.ts';
import { DecompressionBombError, type DecompressLimits } from './size-limits.ts';

const roomy: DecompressLimits = { maxDecompressedBytes: 1e12, maxRatio: 1e6 };

/** A source that counts the bytes pulled from it, to prove a bomb stops early. */
function countingSource(chunks: Buffer[]): { stream: Readable; pulledBytes: () => number; totalBytes: number } {
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      for (const c of chunks) {
        pulled += c.length;
        yield c;
      }
    })(),
    { objectMode: false },
  );
  return { stream, pulledBytes: () => pulled, totalBytes: chunks.reduce((n, c) => n + c.length, 0) };
}

/**
 * How far a stopped decoder may have read its source: what the streams between them buffer, a few
 * default high-water marks (16 KiB up to Node 20, 64 KiB from Node 22), never the whole source.
 */
const BUFFERED_SOURCE_BYTES = 8 * getDefaultHighWaterMark(false);

async function text(stream: Readable): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(c as Buffer);
  return Buffer.concat(out).toString('utf8');
}

/** Splits bytes into small chunks so that frame and member boundaries fall inside chunks. */
function chunked(buf: Buffer, size = 7): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

/** The same decompression written through `decompressTo` (the spool's pipeline), read back as a stream. */
function piped(compressed: Readable, compression: 'gzip' | 'zstd', limits: DecompressLimits, file: string): Readable {
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(chunk);
      done();
    },
  });
  return Readable.from(
    (async function* () {
      await decompressTo(compressed, sink, compression, limits, file);
      yield Buffer.concat(out);
    })(),
    { objectMode: false },
  );
}

describe.each([
  ['decompressStream', streamed],
  ['decompressTo', piped],
])('%s', (_name, decompressStream) => {
  it('reads every member of a multi-member gzip file', async () => {
    const gz = Buffer.concat([gzipSync('a,b\n1,2\n'), gzipSync('3,4\n'), gzipSync('5,6\n')]);
    const out = await text(decompressStream(Readable.from(chunked(gz)), 'gzip', roomy, 'file:///x.csv.gz'));
    expect(out).toBe('a,b\n1,2\n3,4\n5,6\n');
  });

  it('reads every frame of a multi-frame zstd file', async () => {
    const zst = Buffer.concat([zstdCompress(Buffer.from('a,b\n1,2\n')), zstdCompress(Buffer.from('3,4\n'))]);
    const out = await text(decompressStream(Readable.from(chunked(zst)), 'zstd', roomy, 'file:///x.csv.zst'));
    expect(out).toBe('a,b\n1,2\n3,4\n');
  });

  it('fails a truncated gzip file naming the file and the cause', async () => {
    const gz = gzipSync(Buffer.from('x'.repeat(10_000) + Math.random()));
    const s = decompressStream(Readable.from([gz.subarray(0, gz.length - 10)]), 'gzip', roomy, 'file:///in/t.csv.gz');
    await expect(text(s)).rejects.toThrow(/file:\/\/\/in\/t\.csv\.gz: the gzip data is truncated \(unexpected end of file\)/);
  });

  it('fails corrupt gzip data naming the file', async () => {
    const gz = gzipSync('hello world, hello world');
    gz[gz.length - 6] = gz[gz.length - 6]! ^ 0xff;
    const s = decompressStream(Readable.from([gz]), 'gzip', roomy, 'file:///in/c.csv.gz');
    await expect(text(s)).rejects.toThrow(/c\.csv\.gz: the gzip data is corrupt \(incorrect data check\)/);
  });

  it('fails corrupt and truncated zstd data naming the file', async () => {
    const zst = zstdCompress(Buffer.from('some text that compresses '.repeat(50)));
    const bad = Buffer.from(zst);
    for (let i = 6; i < 12; i++) bad[i] = bad[i]! ^ 0x5a;
    await expect(text(decompressStream(Readable.from([bad]), 'zstd', roomy, 'file:///in/c.zst'))).rejects.toThrow(/c\.zst: the zstd data is corrupt \(.+\)/);
    const cut = zst.subarray(0, zst.length - 4);
    await expect(text(decompressStream(Readable.from([cut]), 'zstd', roomy, 'file:///in/t.zst'))).rejects.toThrow(/t\.zst: the zstd data is truncated/);
  });

  it('refuses a zstd frame that asks for a huge window, saying why', async () => {
    // `printf 'a,b\n1,2\n' | zstd --long=31`: the frame declares a 2 GiB window.
    const frame = Buffer.from('KLUv/QSoQQAAYSxiCjEsMgo158rO', 'base64');
    const s = decompressStream(Readable.from([frame]), 'zstd', roomy, 'file:///in/long.zst');
    await expect(text(s)).rejects.toThrow(/long\.zst: the zstd frame asks for a window larger than 128 MiB \(made with zstd --long\?\)/);
  });

  it('stops a zstd bomb by ratio after its first blocks, naming file, ratio and limits', async () => {
    // 4,096 frames of 8 MiB of zeros: 32 GiB out of about 1.1 MB, more than the streams buffer.
    const frame = zstdCompress(Buffer.alloc(8 << 20));
    const src = countingSource(Array.from({ length: 4096 }, () => frame));
    expect(src.totalBytes).toBeGreaterThan(2 * BUFFERED_SOURCE_BYTES);
    const s = decompressStream(src.stream, 'zstd', { maxDecompressedBytes: 1e12, maxRatio: 100 }, 'file:///in/bomb.zst');
    const err = await text(s).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecompressionBombError);
    expect((err as Error).message).toMatch(
      /^file:\/\/\/in\/bomb\.zst: decompression bomb: zstd ratio \d+:1 exceeds maxRatio 100 .*maxDecompressedBytes .*maxRatio 100/,
    );
    // Stopped within a block or two past the 8 MiB floor, long before the 32 GiB end; the source
    // was read only as far as the streams' buffers (tiny frames, so many of them).
    const out = Number(/\((\d+\.\d) MiB from/.exec((err as Error).message)?.[1]);
    expect(out).toBeLessThan(9);
    expect(src.pulledBytes()).toBeLessThan(BUFFERED_SOURCE_BYTES);
  });

  it('stops a gzip bomb by size, naming file and limits', async () => {
    const member = gzipSync(Buffer.alloc(8 << 20));
    const src = countingSource(Array.from({ length: 256 }, () => member));
    expect(src.totalBytes).toBeGreaterThan(2 * BUFFERED_SOURCE_BYTES);
    const s = decompressStream(src.stream, 'gzip', { maxDecompressedBytes: 20 << 20, maxRatio: 1e6 }, 'file:///in/bomb.gz');
    await expect(text(s)).rejects.toThrow(/bomb\.gz: decompression bomb: gzip output passed 20\.0 MiB .*maxDecompressedBytes 20\.0 MiB/);
    expect(src.pulledBytes()).toBeLessThan(BUFFERED_SOURCE_BYTES);
  });

  it('lets a highly compressible but small file through (ratio judged only past 8 MiB)', async () => {
    const gz = gzipSync(Buffer.alloc(1 << 20, 0x20));
    const out = await text(decompressStream(Readable.from([gz]), 'gzip', { maxDecompressedBytes: 1e9, maxRatio: 10 }, 'f'));
    expect(out.length).toBe(1 << 20);
  });
});
