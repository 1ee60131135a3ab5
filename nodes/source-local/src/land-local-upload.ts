import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type IncomingFile, isInside, type LandingContext, LandingError, realRoots, type UploadLedger } from '@sluice/sdk';
import { inputRootsOf, resolveFolder } from './allowed-roots.ts';
import type { SourceLocalConfig } from './source-local-config.ts';

/**
 * Writes an upload into the node's folder, resolved exactly as its run resolves it (same input
 * roots, same base folder, links followed and checked), which must also lie inside an output root:
 * uploads land only in a landing area, a folder the runtime's settings let runs both read and write
 * (by default `<data>/landing`). The bytes go to a hidden temporary name in the same folder (hidden
 * names match no pattern, and the same file system makes the last step atomic), noted in the host's
 * ledger so that a process killed meanwhile has it swept at the next start, are flushed to disk, and
 * only then get their name: a listing sees the whole file or none. Without `overwrite` the name is
 * taken with a hard link, which fails if the name exists even when another upload got there in the
 * meantime. With `overwrite` only a file an earlier upload landed is replaced (issue 12: an overwrite
 * replaced a bundled chunk of the runtime that the next run imported).
 */
export async function landLocalUpload(config: SourceLocalConfig, file: IncomingFile, o: LandingContext): Promise<{ key: string }> {
  let folder: string;
  try {
    folder = (await resolveFolder(config.folder, o.dirs.graph, inputRootsOf(o.access))).folder;
  } catch (err) {
    throw new LandingError('unavailable', `cannot land the upload: ${(err as Error).message}`);
  }
  if (!(await realRoots(o.access.outputRoots)).some((r) => isInside(folder, r))) {
    throw new LandingError(
      'unavailable',
      `cannot land the upload: folder ${folder} is not a landing area; uploads land only in a folder inside both an input root (SLUICE_ALLOWED_ROOTS) and an output root (SLUICE_OUTPUT_ROOTS), by default the data folder's landing/`,
    );
  }
  const target = join(folder, file.name);
  if (await exists(target)) {
    if (!o.overwrite) throw conflict(file.name, folder);
    if (!(await o.ledger.isPreviousUpload(target))) throw notAnUpload(file.name, folder);
  }
  const temp = join(folder, `.${file.name}.upload-${randomBytes(4).toString('hex')}`);
  const forget = await o.ledger.partial(temp);
  try {
    await pipeline(file.stream, createWriteStream(temp, { flags: 'wx', flush: true }));
    await file.finished;
    if (o.overwrite && (await exists(target))) await replaceUpload(temp, target, file.name, folder, o.ledger);
    else await linkInto(temp, target, file.name, folder);
    await o.ledger.landed(target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  } finally {
    await forget();
  }
  return { key: file.name };
}

/** Replaces an earlier upload, checked again just before (a file put there meanwhile is not replaced). */
async function replaceUpload(temp: string, target: string, name: string, folder: string, ledger: UploadLedger): Promise<void> {
  if (!(await ledger.isPreviousUpload(target))) throw notAnUpload(name, folder);
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
const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

const conflict = (name: string, folder: string) => new LandingError('exists', `"${name}" already exists in ${folder}; send ?overwrite=true to replace it`);

const notAnUpload = (name: string, folder: string) =>
  new LandingError('exists', `"${name}" in ${folder} was not put there by an upload; overwrite replaces only a file an earlier upload landed`);
