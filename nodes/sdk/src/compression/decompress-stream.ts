import { pipeline as streamPipeline, Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { errorMessage, FileError } from '../file-error.ts';
import type { Compression } from './detect-compression.ts';
import { DecompressionBombError, SizeMeter, type DecompressLimits } from './size-limits.ts';
import { ZstdDecompressStream } from './zstd-decompress-stream.ts';

/**
 * Output chunk size. 1 MiB rather than zlib's 16 KiB default: every chunk is a trip through the
 * stream machinery, and with 64 KiB chunks the spool of W1's 273 MB gzip took ~0.5 s more than a
 * plain gunzip (BENCHMARKS.md).
 */
const CHUNK = 1024 * 1024;

/** Why a decompressor failed, in words a user can act on. */
function describeFailure(compression: Compression, err: unknown): string {
  const code = (err as { code?: string }).code;
  const msg = errorMessage(err);
  if (compression === 'gzip') {
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(msg)) return `the gzip data is truncated (${msg})`;
    return `the gzip data is corrupt (${msg})`;
  }
  if (/truncated/.test(msg)) return msg;
  if (/too much memory/i.test(msg)) {
    // zstd's default window limit (128 MiB) keeps a hostile frame from reserving gigabytes.
    return `the zstd frame asks for a window larger than 128 MiB (made with zstd --long?), refused to bound memory (${msg})`;
  }
  return `the zstd data is corrupt (${msg})`;
}

/** A decoder's error as the user should read it: limits and aborts as they are, the rest named. */
function fileError(err: unknown, compression: Compression, file: string): unknown {
  if (err instanceof DecompressionBombError || err instanceof FileError) return err;
  if ((err as Error).name === 'AbortError') return err;
  return new FileError(file, describeFailure(compression, err), { cause: err });
}

/**
 * The decoder and, for gzip, a transform after it that meters every output chunk (the zstd decoder
 * meters its own blocks, before pushing them): a limit stops the stream at the chunk that passes it.
 */
function decodingStages(compression: Compression, limits: DecompressLimits, file: string): Transform[] {
  const meter = new SizeMeter(limits, file, compression);
  if (compression === 'zstd') return [new ZstdDecompressStream(meter)];
  const gunzip = createGunzip({ chunkSize: CHUNK });
  const metered = new Transform({
    readableHighWaterMark: CHUNK,
    writableHighWaterMark: CHUNK,
    transform(chunk: Buffer, _enc, done) {
      try {
        meter.addOut(chunk.length, gunzip.bytesWritten);
      } catch (err) {
        done(err as Error);
        return;
      }
      done(null, chunk);
    },
  });
  return [gunzip, metered];
}

/**
 * Decompresses `compressed` as it is read: gzip through node:zlib (which reads concatenated
 * members as one stream), zstd through ZstdDecompressStream (concatenated frames too). Memory stays
 * at a few blocks whatever the file size. Every error names the file and the cause; passing a limit
 * stops reading at once.
 */
export function decompressStream(compressed: Readable, compression: Compression, limits: DecompressLimits, file: string): Readable {
  const stages = decodingStages(compression, limits, file);
  streamPipeline([compressed, ...stages], () => {
    // Errors reach the consumer through `decoded`, which pipeline destroys with the first error.
  });
  const decoded: Readable = stages.at(-1)!;

  async function* checked(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of decoded) yield chunk as Buffer;
    } catch (err) {
      throw fileError(err, compression, file);
    } finally {
      decoded.destroy();
    }
  }
  return Readable.from(checked(), { objectMode: false, highWaterMark: CHUNK });
}

/**
 * Decompresses `compressed` straight into `out` in one stream pipeline, with the same limits and
 * error naming as `decompressStream`: the spool of a file for engines that read paths.
 */
export async function decompressTo(
  compressed: Readable,
  out: Writable,
  compression: Compression,
  limits: DecompressLimits,
  file: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await pipeline([compressed, ...decodingStages(compression, limits, file), out], signal ? { signal } : {});
  } catch (err) {
    throw fileError(err, compression, file);
  }
}
