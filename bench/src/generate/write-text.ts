import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { CompressStream } from 'zstd-napi';

/** Writes the chunks a generator yields to a file, streaming (W4 is larger than we want in memory). */
export async function writeText(path: string, chunks: Iterable<string>): Promise<number> {
  let bytes = 0;
  const counted = (function* () {
    for (const c of chunks) {
      const b = Buffer.from(c, 'utf8');
      bytes += b.length;
      yield b;
    }
  })();
  await pipeline(Readable.from(counted), createWriteStream(path));
  return bytes;
}

/** A compressed copy of a file. Fixed levels, so that the same input gives the same bytes. */
export async function compressFile(from: string, to: string, codec: 'gzip' | 'zstd'): Promise<void> {
  const compressor = codec === 'gzip' ? createGzip({ level: 6 }) : new CompressStream({ compressionLevel: 3 });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), compressor, createWriteStream(to));
}
