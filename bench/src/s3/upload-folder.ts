import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { S3Uploader } from '@sluice/runtime/testing';
import type { S3Server } from '@sluice/testing/s3';

export interface Uploaded {
  files: number;
  bytes: number;
  seconds: number;
}

/**
 * Uploads every file under `dir` to `bucket` as `prefix` + its path relative to `dir`, with
 * `concurrency` PUTs in flight; each file is read only when its PUT starts, so memory holds at
 * most `concurrency` files.
 */
export async function uploadFolder(server: S3Server, bucket: string, prefix: string, dir: string, concurrency = 16): Promise<Uploaded> {
  const t = performance.now();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const uploader = new S3Uploader(server);
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const body = await readFile(path, 'utf8');
      bytes += Buffer.byteLength(body);
      const key = prefix + relative(dir, path).split('\\').join('/');
      try {
        await uploader.put(bucket, key, body);
      } catch (err) {
        throw new Error(`uploading ${path} to s3://${bucket}/${key} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  } finally {
    uploader.destroy();
  }
  return { files: paths.length, bytes, seconds: (performance.now() - t) / 1000 };
}
