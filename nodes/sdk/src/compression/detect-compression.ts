import type { FileItem } from '../port-items.ts';

export type Compression = 'gzip' | 'zstd';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

/** The compression of bytes that start with `head`, from magic bytes alone (extensions lie). */
export function detectCompression(head: Uint8Array): Compression | null {
  if (startsWith(head, GZIP_MAGIC)) return 'gzip';
  if (startsWith(head, ZSTD_MAGIC)) return 'zstd';
  return null;
}

const SUFFIXES: Record<Compression, RegExp> = {
  gzip: /\.(gz|gzip)$/i,
  zstd: /\.(zst|zstd)$/i,
};

/** `sales.csv.gz` -> `sales.csv`; a name without the matching suffix stays as it is. */
export function stripCompressionSuffix(name: string, compression: Compression): string {
  const stripped = name.replace(SUFFIXES[compression], '');
  return stripped.length > 0 ? stripped : name;
}

/**
 * The first `n` bytes of a file (fewer when it is shorter): the item's own `readHead` where it has
 * one, else the start of its stream, destroyed as soon as they are in, so a large or remote file
 * costs one small read.
 */
export async function readHead(item: FileItem, n: number, signal?: AbortSignal): Promise<Buffer> {
  if (item.readHead) return item.readHead(n, signal);
  const stream = await item.open(signal);
  const chunks: Buffer[] = [];
  let have = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buf);
      have += buf.length;
      if (have >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}
