import type { Dir } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ALLOWED_ROOTS_ENV, isInside, OUTPUT_ROOTS_ENV, realPathOf, realRoots, rootHolding, type RunAccess } from '@sluice/sdk';
import type { FolderKind, FolderListing, FolderRoots } from '@sluice/sdk/wire';

/** Sub-folders listed at most per answer (in name order when all fit); the rest is said (`truncated`), never read into memory. */
export const FOLDER_LIST_LIMIT = 1000;

/** A refused folder request: the HTTP status and a message for the user (never a path outside the roots resolved). */
export class FolderRefusal extends Error {
  constructor(
    readonly status: 400 | 422,
    message: string,
    /** The cause in a few words, for a place with little room (a node on the canvas). */
    readonly short = message,
  ) {
    super(message);
    this.name = 'FolderRefusal';
  }
}

const SETTING: Record<FolderKind, string> = { input: ALLOWED_ROOTS_ENV, output: OUTPUT_ROOTS_ENV };
const VERB: Record<FolderKind, string> = { input: 'read', output: 'write' };

const rootsOf = (access: RunAccess, kind: FolderKind) => (kind === 'input' ? access.inputRoots : access.outputRoots);

/** The roots of both kinds with the setting that lists each: what the editor shows beside a folder field. */
export function folderRoots(access: RunAccess): FolderRoots {
  return {
    input: { setting: SETTING.input, roots: [...access.inputRoots] },
    output: { setting: SETTING.output, roots: [...access.outputRoots] },
  };
}

/**
 * How to add `folder` as a root without losing the others: a listed setting replaces the defaults,
 * so the line to set keeps every current root and adds the new one.
 */
export function addRootAdvice(kind: FolderKind, roots: readonly string[], folder: string): string {
  const setting = SETTING[kind];
  return (
    `To allow it, add it to ${setting} and restart the runtime. ${setting} replaces the default folders when it is set, ` +
    `so list the current ones too: ${setting}=${[...roots, folder].join(':')}`
  );
}

/** The refusal of a folder outside every root, the same whether the folder exists or not (no probing). */
export function outsideRoots(kind: FolderKind, roots: readonly string[], written: string, resolved: string): FolderRefusal {
  const list = roots.length ? roots.join(', ') : 'none';
  return new FolderRefusal(
    422,
    `"${written}" is outside the folders this runtime may ${VERB[kind]} (${SETTING[kind]}: ${list}). ${addRootAdvice(kind, roots, resolved)}`,
    `outside the folders this runtime may ${VERB[kind]} (${SETTING[kind]})`,
  );
}

/**
 * A folder inside the roots of `kind` and its sub-folders, for the editor's folder picker and its
 * check while editing. `path` is absolute, or relative to `base` (a source's folder: the graph's
 * folder; a sink's: the data folder). The decision is made on the real path (symbolic links
 * resolved) against the real roots; a path with a `..` segment is refused before anything is read,
 * and a folder outside the roots gets one answer whether it exists or not. Sub-folders that are
 * symbolic links are listed only when their target lies inside a root too.
 */
export async function listFolders(access: RunAccess, o: { kind: FolderKind; path: string; base: string; limit?: number }): Promise<FolderListing> {
  const { kind, path } = o;
  if (path.includes('\0')) throw new FolderRefusal(400, 'the folder holds a NUL character');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new FolderRefusal(400, `"${path}" is a URL, not a local folder`);
  if (path.split(/[\\/]/).includes('..')) throw new FolderRefusal(400, `"${path}" climbs with "..": give the folder's own path`);
  const wanted = resolve(o.base, path);
  const roots = await realRoots(rootsOf(access, kind));
  const real = await realPathOf(wanted).catch(() => undefined);
  const root = real === undefined ? undefined : rootHolding(real, roots);
  if (real === undefined || root === undefined) throw outsideRoots(kind, roots, path, wanted);

  let dir: Dir;
  try {
    dir = await opendir(real);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind, path: real, root, exists: false, folders: [], truncated: false };
    if (code === 'ENOTDIR') throw new FolderRefusal(422, `"${path}" is a file, not a folder`);
    throw new FolderRefusal(422, `"${path}" cannot be read (${code ?? 'unknown error'})`);
  }
  // Read as a stream of entries, keeping folders only and stopping past `limit`: a landing folder of
  // a million files costs a scan, never a million entries in memory.
  const limit = o.limit ?? FOLDER_LIST_LIMIT;
  const folders: FolderListing['folders'] = [];
  let truncated = false;
  for await (const e of dir) {
    if (!e.isDirectory() && !e.isSymbolicLink()) continue;
    const target = e.isDirectory() ? join(real, e.name) : await linkedFolder(join(real, e.name), roots);
    if (!target) continue;
    if (folders.length === limit) {
      truncated = true;
      break;
    }
    folders.push({ name: e.name, path: target });
  }
  folders.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { kind, path: real, root, exists: true, folders, truncated };
}

/** The real path a symbolic link leads to, when it is a folder inside a root; undefined otherwise. */
async function linkedFolder(link: string, roots: readonly string[]): Promise<string | undefined> {
  try {
    const target = await realpath(link);
    if (!roots.some((r) => isInside(target, r))) return undefined;
    return (await stat(target)).isDirectory() ? target : undefined;
  } catch {
    return undefined;
  }
}
