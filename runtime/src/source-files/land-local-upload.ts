import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RunDirs } from '@sluice/sdk';
import { resolveAllowedRoots, resolveFolder } from '@sluice/node-source-local/allowed-roots';
import type { IncomingUpload } from './read-upload.ts';
import { sizeLimit } from './size-limit.ts';
import { SourceRequestError } from './source-request-error.ts';

export interface LocalLanding {
  /** The source-local node's configured folder. */
  folder: string;
  dirs: RunDirs;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  overwrite: boolean;
  maxBytes: number;
}

/**
 * Writes an upload into a source-local node's folder, resolved exactly as its run resolves it (same
 * allowed roots, same base folder, links followed and checked). The bytes go to a hidden temporary
 * name in the same folder (hidden names match no pattern, and the same file system makes the last
 * step atomic), are flushed to disk, and only then get their name: a listing sees the whole file or
 * none. Without `overwrite` the name is taken with a hard link, which fails if the name exists even
 * when another upload got there in the meantime.
 */
export async function landLocalUpload(upload: IncomingUpload, o: LocalLanding): Promise<{ key: string; size: number }> {
  let folder: string;
  try {
    folder = await resolveFolder(o.folder, o.dirs.graph, resolveAllowedRoots(o.env, o.cwd, o.dirs));
  } catch (err) {
    throw new SourceRequestError(422, 'nodeId', `cannot land the upload: ${(err as Error).message}`);
  }
  const target = join(folder, upload.name);
  if (!o.overwrite && (await exists(target))) throw conflict(upload.name, folder);
  const temp = join(folder, `.${upload.name}.upload-${randomBytes(4).toString('hex')}`);
  const limit = sizeLimit(o.maxBytes);
  try {
    await pipeline(upload.stream, limit, createWriteStream(temp, { flags: 'wx', flush: true }));
    await upload.finished;
    if (o.overwrite) await rename(temp, target);
    else await linkInto(temp, target, upload.name, folder);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { key: upload.name, size: limit.bytes() };
}

async function linkInto(temp: string, target: string, name: string, folder: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw conflict(name, folder);
    // File systems without hard links: check, then rename (a race with another upload is possible).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    if (await exists(target)) throw conflict(name, folder);
    await rename(temp, target);
    return;
  }
  await unlink(temp);
}

const exists = (path: string) => stat(path).then(() => true, () => false);

const conflict = (name: string, folder: string) =>
  new SourceRequestError(409, 'file', `"${name}" already exists in ${folder}; send ?overwrite=true to replace it`);
