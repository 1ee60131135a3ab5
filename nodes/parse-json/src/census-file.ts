import { open } from 'node:fs/promises';
import { KindCensus } from './kind-census.ts';
import type { ShapeOptions } from './shape-options.ts';

const CHUNK = 4 * 1024 * 1024;

/**
 * The kind census of a JSON Lines file, read in pieces of whole lines: memory stays at one 4 MiB
 * buffer (more only for a longer line) and the census's places, whatever the file's size.
 */
export async function censusFile(path: string, opts: ShapeOptions, signal?: AbortSignal): Promise<KindCensus> {
  const census = new KindCensus(opts);
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let kept = 0; // bytes of an unfinished line carried over from the last read
    for (;;) {
      signal?.throwIfAborted();
      if (kept === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
      const { bytesRead } = await fh.read(buf, kept, buf.length - kept, null);
      const end = kept + bytesRead;
      if (!bytesRead) {
        census.scan(buf.subarray(0, end));
        return census;
      }
      const lastNewline = buf.lastIndexOf(0x0a, end - 1);
      if (lastNewline < 0) {
        kept = end;
        continue;
      }
      census.scan(buf.subarray(0, lastNewline + 1));
      kept = buf.copy(buf, 0, lastNewline + 1, end);
    }
  } finally {
    await fh.close();
  }
}
