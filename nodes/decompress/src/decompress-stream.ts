import { Readable, pipeline } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { errorMessage, FileError } from '@sluice/sdk';
import type { Compression } from './detect-compression.ts';
import { DecompressionBombError, SizeMeter, type DecompressLimits } from './size-limits.ts';
import { ZstdDecompressStream } from './zstd-decompress-stream.ts';

const GZIP_CHUNK = 64 * 1024;

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

/**
 * Decompresses `compressed` as it is read: gzip through node:zlib (which reads concatenated
 * members as one stream), zstd through ZstdDecompressStream (concatenated frames too). Memory stays
 * at a few blocks whatever the file size. Every error names the file and the cause; passing a limit
 * stops reading at once.
 */
export function decompressStream(compressed: Readable, compression: Compression, limits: DecompressLimits, file: string): Readable {
  const meter = new SizeMeter(limits, file, compression);
  let decoder: Gunzip | ZstdDecompressStream;
  let compressedIn: () => number;
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: GZIP_CHUNK });
    decoder = gunzip;
    compressedIn = () => gunzip.bytesWritten;
  } else {
    decoder = new ZstdDecompressStream(meter);
    compressedIn = () => meter.compressedIn;
  }
  const decoded = pipeline(compressed, decoder, () => {
    // Errors reach the consumer through `decoded`, which pipeline destroys with the first error.
  });

  async function* checked(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of decoded as AsyncIterable<Buffer>) {
        if (compression === 'gzip') meter.addOut(chunk.length, compressedIn());
        yield chunk;
      }
    } catch (err) {
      if (err instanceof DecompressionBombError || err instanceof FileError) throw err;
      if ((err as Error).name === 'AbortError') throw err;
      throw new FileError(file, describeFailure(compression, err), { cause: err });
    } finally {
      decoded.destroy();
    }
  }
  return Readable.from(checked(), { objectMode: false, highWaterMark: GZIP_CHUNK });
}
