import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PartStorage, StoredFile } from './part-storage.ts';

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
    list: () => walk(tableDir, ''),
    delete: (path) => rm(abs(path), { force: true }),
    discard: (staged) => rm(staged, { force: true }),
    async writeText(path, text) {
      const final = abs(path);
      const tmp = `${final}.${randomBytes(4).toString('hex')}.tmp`;
      await mkdir(dirname(final), { recursive: true });
      await writeFile(tmp, text);
      await fsync(tmp);
      await rename(tmp, final);
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

/** The files of a folder as one page, then those of its subfolders (a day's partition of parts is one folder). */
async function* walk(dir: string, prefix: string): AsyncGenerator<StoredFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const files: StoredFile[] = [];
  const folders: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) folders.push(e.name);
    else if (e.isFile()) files.push(new LocalFile(`${prefix}${e.name}`, dir));
  }
  if (files.length) yield files;
  for (const f of folders) yield* walk(join(dir, f), `${prefix}${f}/`);
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
