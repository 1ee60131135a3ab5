import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The data folder's record of uploads (a data-folder internal: no root may reach it). */
export const UPLOADS_DIR = 'uploads';

/** The hidden name an upload is written under before it gets its own: `.<name>.upload-<8 hex>`. */
export const PARTIAL_UPLOAD = /^\..+\.upload-[0-9a-f]{8}$/;

/** What identifies the file an upload left: a file replaced by anything else no longer matches. */
interface LandedRecord {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/**
 * What uploads did, kept in the data folder (never in the landing folders, where an upload could
 * forge it: upload names cannot start with a dot, and the data folder is no root):
 *
 * - `landed/`: one record per file an upload landed (its device, inode, size and time), so that an
 *   upload with `overwrite` replaces only a previous upload of the same name, never a file someone
 *   else put there (issue 12: an overwrite replaced a bundled chunk of the runtime);
 * - `partial/`: one record per upload in progress, naming its hidden temporary file, removed when
 *   the upload ends; a process killed meanwhile leaves it, and `sweepPartialUploads` at the next
 *   start removes the temporary file it names.
 */
export class UploadRecords {
  private readonly landedDir: string;
  private readonly partialDir: string;

  constructor(dataDir: string) {
    this.landedDir = join(dataDir, UPLOADS_DIR, 'landed');
    this.partialDir = join(dataDir, UPLOADS_DIR, 'partial');
  }

  /** Notes a temporary file before it is made; the returned function forgets it once it is gone or renamed. */
  async partial(tempPath: string): Promise<() => Promise<void>> {
    const record = join(this.partialDir, `${idOf(tempPath)}.json`);
    await atomicWrite(this.partialDir, record, JSON.stringify({ path: tempPath }));
    return () => rm(record, { force: true });
  }

  /** Records the file now at `path` as an upload's. */
  async landed(path: string): Promise<void> {
    const s = await lstat(path);
    const record: LandedRecord = { path, dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
    await atomicWrite(this.landedDir, join(this.landedDir, `${idOf(path)}.json`), JSON.stringify(record));
  }

  /** True when `path` is a regular file that an upload landed and nothing has replaced since. */
  async isPreviousUpload(path: string): Promise<boolean> {
    const r = await readJson<LandedRecord>(join(this.landedDir, `${idOf(path)}.json`));
    return r?.path === path && (await matches(r));
  }

  /**
   * Removes the temporary files of uploads that never ended (the process was killed), and their
   * records. Only names of the temporary form are removed, whatever a record says. Call it while
   * holding the data folder's lock, so that no upload of a live server is taken for a dead one.
   * Records of landed files that are gone or replaced are dropped too (they can never match again),
   * so that `landed/` holds at most one record per upload file that still exists.
   */
  async sweepPartialUploads(): Promise<string[]> {
    for (const name of await readdir(this.landedDir).catch(() => [] as string[])) {
      const record = join(this.landedDir, name);
      const r = await readJson<LandedRecord>(record);
      if (!r || !(await matches(r))) await rm(record, { force: true });
    }
    const removed: string[] = [];
    const names = await readdir(this.partialDir).catch(() => [] as string[]);
    for (const name of names) {
      const record = join(this.partialDir, name);
      const path = (await readJson<{ path?: unknown }>(record))?.path;
      if (typeof path === 'string' && PARTIAL_UPLOAD.test(basename(path))) {
        const existed = await lstat(path).then(
          (s) => s.isFile(),
          () => false,
        );
        if (existed) {
          await rm(path, { force: true });
          removed.push(path);
        }
      }
      await rm(record, { force: true });
    }
    return removed;
  }
}

/** True when the regular file at `r.path` is still the one the record describes. */
async function matches(r: LandedRecord): Promise<boolean> {
  if (typeof r.path !== 'string') return false;
  const s = await lstat(r.path).catch(() => undefined);
  return !!s?.isFile() && r.dev === s.dev && r.ino === s.ino && r.size === s.size && r.mtimeMs === s.mtimeMs;
}

/** A record's content; undefined when it is missing or corrupt (a record torn by a crash matches nothing). */
async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  try {
    return text === undefined ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

const idOf = (path: string) => createHash('sha256').update(path).digest('hex');

async function atomicWrite(dir: string, path: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}
