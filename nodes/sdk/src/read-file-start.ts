import { open } from 'node:fs/promises';

/** The first `n` bytes of a local file (fewer when it is shorter), in one read of a buffer of that size. */
export async function readFileStart(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
