import { open } from 'node:fs/promises';

/**
 * The first `n` bytes of a local file (fewer when it is shorter), in one read of a buffer of that
 * size. `kept`: bytes held for a while get memory of their own, not a slice of Node's shared pool,
 * which they would keep alive whole.
 */
export async function readFileStart(path: string, n: number, kept = false): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = kept ? Buffer.allocUnsafeSlow(n) : Buffer.allocUnsafe(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
