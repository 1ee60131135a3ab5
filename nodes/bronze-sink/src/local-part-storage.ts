import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PartStorage, StoredFile } from './part-storage.ts';
import { PARTITION_DIR } from './sink-file-names.ts';

/** Staged files start with this, so that a crash leaves names that are plainly not parts. */
export const STAGE_PREFIX = '.staged-';

/**
 * A table in a local folder. A part is written under a temporary name in its final folder (same
 * file system, so the rename is atomic), synced, renamed, and the folder synced, so that after a
 * crash the part is either absent or whole under its final name.
 */
export function localPartStorage(tableDir: string): PartStorage {
  const abs = (path: string) => join(tableDir, ...path.split('/'));
  return {
    tableUri: pathToFileURL(tableDir).href,
    async stage(path) {
      const final = abs(path);
      await mkdir(dirname(final), { recursive: true });
      return join(dirname(final), `${STAGE_PREFIX}${randomBytes(6).toString('hex')}-${path.split('/').pop()}`);
    },
    async publish(staged, path) {
      const final = abs(path);
      await fsync(staged);
      const { size } = await stat(staged);
      await rename(staged, final);
      await fsync(dirname(final));
      return size;
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
    async readHead(path, bytes) {
      let fh;
      try {
        fh = await open(abs(path), 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      try {
        const buf = Buffer.alloc(bytes);
        const { bytesRead } = await fh.read(buf, 0, bytes, 0);
        return buf.toString('utf8', 0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    // Staged files of a crashed run are plain files in the folder: `list` finds them.
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
