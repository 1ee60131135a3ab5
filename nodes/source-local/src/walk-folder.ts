import type { Dirent } from 'node:fs';
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { isInside } from '@sluice/sdk';
import { type StatPace, statMany } from './stat-many.ts';

/** One regular file found under the folder. */
export interface ListedFile {
  /** Path relative to the folder, '/'-separated: the file's key. */
  key: string;
  /** The real path (symbolic links resolved). */
  path: string;
  size: number;
  modifiedAt: Date;
}

export interface WalkOptions {
  recursive: boolean;
  /** Real paths of the allowed roots: a link whose target lies outside all of them is not followed. */
  roots: string[];
  /** Told about entries left out (links that escape, broken links), so that the run can warn. */
  onSkip(key: string, why: string): void;
  signal?: AbortSignal;
}

/**
 * Lists the regular files under `folder` (a real path) as a stream: each file is yielded as soon as
 * its directory entry is read, so a source emits the first file of a huge folder at once instead of
 * after the whole listing. `opendir` reads entries in batches; only the open directories of the
 * current path are held, never the listing.
 */
export async function* walkFolder(folder: string, options: WalkOptions): AsyncGenerator<ListedFile> {
  yield* walkDir(folder, '', { ...options, pace: { sync: true } }, new Set([folder]));
}

/** One walk: its options, and how it stats (synchronously until a batch is slow; see statMany). */
interface Walk extends WalkOptions {
  pace: StatPace;
}

/** Files stat'ed together: synchronously while that is quick, else all in flight on the thread pool. */
const STAT_BATCH = 64;

async function statFiles(files: { key: string; path: string }[], pace: StatPace): Promise<ListedFile[]> {
  const stats = await statMany(
    files.map((f) => f.path),
    pace,
  );
  // A file removed between listing and stat is gone: left out.
  return files.flatMap((f, i) => {
    const s = stats[i];
    return s ? [{ key: f.key, path: f.path, size: s.size, modifiedAt: s.mtime }] : [];
  });
}

async function* walkDir(dir: string, prefix: string, o: Walk, ancestors: Set<string>): AsyncGenerator<ListedFile> {
  const handle = await opendir(dir, { bufferSize: 64 });
  let files: { key: string; path: string }[] = [];
  // On the thread pool, one batch is stat'ed while the one before is handed out: the stats overlap
  // with the work the files make downstream instead of the listing waiting for each batch in turn.
  let stating: Promise<ListedFile[]> | undefined;
  // An entry's name is one segment, never `.` or `..`: appending it is what `join` would make, and
  // `join` normalising every path again was a tenth of the walk over 10,000 files.
  const base = dir.endsWith(sep) ? dir : dir + sep;
  for await (const dirent of handle) {
    o.signal?.throwIfAborted();
    const key = prefix + dirent.name;
    const path = base + dirent.name;
    const entry = knownType(dirent) ? dirent : await lstat(path).catch(() => undefined);
    if (!entry) continue; // removed meanwhile
    if (entry.isFile()) {
      files.push({ key, path });
      if (files.length >= STAT_BATCH) {
        const next = statFiles(files, o.pace);
        files = [];
        if (stating) yield* await stating;
        stating = next;
      }
    } else if (entry.isDirectory()) {
      if (o.recursive) yield* walkDir(path, `${key}/`, o, new Set([...ancestors, path]));
    } else if (entry.isSymbolicLink()) {
      yield* followLink(path, key, o, ancestors);
    }
  }
  const last = files.length ? statFiles(files, o.pace) : undefined;
  if (stating) yield* await stating;
  if (last) yield* await last;
}

async function* followLink(path: string, key: string, o: Walk, ancestors: Set<string>): AsyncGenerator<ListedFile> {
  const real = await realpath(path).catch(() => undefined);
  if (!real) return o.onSkip(key, 'is a broken symbolic link');
  if (!o.roots.some((r) => isInside(real, r))) return o.onSkip(key, `is a symbolic link to ${real}, outside the allowed roots`);
  const s = await stat(real).catch(() => undefined);
  if (!s) return;
  if (s.isFile()) {
    yield { key, path: real, size: s.size, modifiedAt: s.mtime };
  } else if (s.isDirectory() && o.recursive) {
    // A link back to a folder being walked would loop forever.
    if (ancestors.has(real)) return o.onSkip(key, 'is a symbolic link to a folder that contains it (a loop)');
    yield* walkDir(real, `${key}/`, o, new Set([...ancestors, real]));
  }
}

/** Some file systems do not report entry types in listings; those entries are lstat'ed instead. */
function knownType(d: Dirent): boolean {
  return d.isFile() || d.isDirectory() || d.isSymbolicLink() || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice();
}
