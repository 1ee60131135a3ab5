import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isInside, realRoots, type RunAccess, type RunDirs } from '@sluice/sdk';
import { inputRootsOf, resolveFolder } from '@sluice/node-source-local/allowed-roots';
import type { IncomingUpload } from './read-upload.ts';
import { sizeLimit } from './size-limit.ts';
import { SourceRequestError } from './source-request-error.ts';
import type { UploadRecords } from './upload-records.ts';

export interface LocalLanding {
  /** The source-local node's configured folder. */
  folder: string;
  dirs: RunDirs;
  access: RunAccess;
  /** Which files earlier uploads landed (overwrite replaces only those) and which are in progress. */
  records: UploadRecords;
  overwrite: boolean;
  maxBytes: number;
}

/**
 * Writes an upload into a source-local node's folder, resolved exactly as its run resolves it (same
 * input roots, same base folder, links followed and checked), which must also lie inside an output
 * root: uploads land only in a landing area, a folder the runtime's settings let runs both read and
 * write (by default `<data>/landing`). The bytes go to a hidden temporary name in the same folder
 * (hidden names match no pattern, and the same file system makes the last step atomic), noted in the
 * data folder so that a process killed meanwhile has it swept at the next start, are flushed to
 * disk, and only then get their name: a listing sees the whole file or none. Without `overwrite` the
 * name is taken with a hard link, which fails if the name exists even when another upload got there
 * in the meantime. With `overwrite` only a file an earlier upload landed is replaced (issue 12: an
 * overwrite replaced a bundled chunk of the runtime that the next run imported).
 */
export async function landLocalUpload(upload: IncomingUpload, o: LocalLanding): Promise<{ key: string; size: number }> {
  let folder: string;
  try {
    folder = (await resolveFolder(o.folder, o.dirs.graph, inputRootsOf(o.access))).folder;
  } catch (err) {
    throw new SourceRequestError(422, 'nodeId', `cannot land the upload: ${(err as Error).message}`);
  }
  if (!(await realRoots(o.access.outputRoots)).some((r) => isInside(folder, r))) {
    throw new SourceRequestError(
      422,
      'nodeId',
      `cannot land the upload: folder ${folder} is not a landing area; uploads land only in a folder inside both an input root (SLUICE_ALLOWED_ROOTS) and an output root (SLUICE_OUTPUT_ROOTS), by default the data folder's landing/`,
    );
  }
  const target = join(folder, upload.name);
  if (await exists(target)) {
    if (!o.overwrite) throw conflict(upload.name, folder);
    if (!(await o.records.isPreviousUpload(target))) throw notAnUpload(upload.name, folder);
  }
  const temp = join(folder, `.${upload.name}.upload-${randomBytes(4).toString('hex')}`);
  const forget = await o.records.partial(temp);
  const limit = sizeLimit(o.maxBytes);
  try {
    await pipeline(upload.stream, limit, createWriteStream(temp, { flags: 'wx', flush: true }));
    await upload.finished;
    if (o.overwrite && (await exists(target))) await replaceUpload(temp, target, upload.name, folder, o.records);
    else await linkInto(temp, target, upload.name, folder);
    await o.records.landed(target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  } finally {
    await forget();
  }
  return { key: upload.name, size: limit.bytes() };
}

/** Replaces an earlier upload, checked again just before (a file put there meanwhile is not replaced). */
async function replaceUpload(temp: string, target: string, name: string, folder: string, records: UploadRecords): Promise<void> {
  if (!(await records.isPreviousUpload(target))) throw notAnUpload(name, folder);
  await rename(temp, target);
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

// lstat: a link in the folder counts as an existing name (and is never an earlier upload).
const exists = (path: string) => lstat(path).then(() => true, () => false);

const conflict = (name: string, folder: string) =>
  new SourceRequestError(409, 'file', `"${name}" already exists in ${folder}; send ?overwrite=true to replace it`);

const notAnUpload = (name: string, folder: string) =>
  new SourceRequestError(409, 'file', `"${name}" in ${folder} was not put there by an upload; overwrite replaces only a file an earlier upload landed`);
