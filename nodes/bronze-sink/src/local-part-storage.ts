import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PartStorage, StoredFile } from './part-storage.ts';
import { PARTITION_DIR, pendingPath } from './sink-file-names.ts';

/**
 * A table in a local folder. A part is written under its pending name in its final folder (same
 * file system, so the rename is atomic), synced with its folder before the commit, and renamed to
 * its final name after the commit: a `*.parquet` glob never matches an uncommitted part, and a crash
 * leaves it pending (removed, or renamed forward when the manifest lists it) or whole under its
 * final name. The folder is not synced after the rename: should a power cut lose the rename, the
 * pending file is still there, and the recovery renames it forward.
 */
export function localPartStorage(tableDir: string): PartStorage {
  const abs = (path: string) => join(tableDir, ...path.split('/'));
  return {
    tableUri: pathToFileURL(tableDir).href,
    async stage(path) {
      const staged = abs(pendingPath(path));
      await mkdir(dirname(staged), { recursive: true });
      return staged;
    },
    async hold(staged, path) {
      if (staged !== abs(pendingPath(path))) throw new Error(`${staged} is not the pending name of ${path}`);
      await fsync(staged);
      await fsync(dirname(staged));
      return (await stat(staged)).size;
    },
    async publish(path) {
      try {
        await rename(abs(pendingPath(path)), abs(path));
      } catch (err) {
        // Renamed already (a roll-forward repeated): the part is in place.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && (await stat(abs(path)).catch(() => undefined))) return;
        throw err;
      }
    },
    list: () => walk(tableDir),
    delete: (path) => rm(abs(path), { force: true }),
    discard: (staged) => rm(staged, { force: true }),
    async writeText(path, text) {
      const final = abs(path);
      const tmp = `${final}.${randomBytes(4).toString('hex')}.tmp`;
      await mkdir(dirname(final), { recursive: true });
      try {
        await writeFile(tmp, text);
        await fsync(tmp);
        await rename(tmp, final);
      } catch (err) {
        // A full disk fails the write half-way: the partial file goes now, not at the next clean-up.
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async openRanges(path) {
      const file = await openExisting(abs(path));
      if (!file) return undefined;
      return {
        size: (await file.stat()).size,
        async read(start, end) {
          const buf = Buffer.alloc(end - start);
          const { bytesRead } = await file.read(buf, 0, buf.length, start);
          return buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
        },
        close: () => file.close(),
      };
    },
    async readHead(path, bytes) {
      const fh = await openExisting(abs(path));
      if (!fh) return undefined;
      try {
        const buf = Buffer.alloc(bytes);
        const { bytesRead } = await fh.read(buf, 0, bytes, 0);
        return buf.toString('utf8', 0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    // Pending files of a crashed run are plain files in the folder: `list` finds them.
    abortIncompleteUploads: async () => 0,
    close: async () => {},
  };
}

async function fsync(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * The files at the table's top as one page, then those of each day's partition folder (the folders
 * the sink makes). Other folders are not entered and links not followed: a table folder is the
 * sink's, and what else someone put there is not its to list, let alone to clean up.
 */
async function* walk(dir: string): AsyncGenerator<StoredFile[]> {
  const top = await entries(dir);
  const files = top.filter((e) => e.isFile()).map((e) => new LocalFile(e.name, dir));
  if (files.length) yield files;
  for (const e of top) {
    if (!e.isDirectory() || !PARTITION_DIR.test(e.name)) continue;
    const folder = join(dir, e.name);
    const parts = (await entries(folder)).filter((f) => f.isFile()).map((f) => new LocalFile(`${e.name}/${f.name}`, folder));
    if (parts.length) yield parts;
  }
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * A listed file, stat'ed only when its time is asked. Neither a closure nor a joined path per file
 * until then: a table lists every part on every run.
 */
class LocalFile implements StoredFile {
  constructor(
    readonly path: string,
    private readonly folder: string,
  ) {}

  modifiedAt(): Promise<Date | undefined> {
    return stat(join(this.folder, basename(this.path))).then(
      (s) => s.mtime,
      () => undefined,
    );
  }
}

/** A file opened for reading, or undefined when it is not there. */
async function openExisting(path: string) {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
