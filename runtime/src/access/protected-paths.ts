import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '@sluice/sdk';

/**
 * What no input or output root may hold or lie in, whatever the settings say: the runtime's own
 * code (a write there is code execution at the next start or run, as issue 12's upload over a
 * bundled chunk of runtime/dist showed), the plugins folder (code too), and the data folder's
 * internals (the database, the credentials key: reading them through a source is exfiltration).
 *
 * A root that CONTAINS one of these is refused at start-up rather than allowed with the internal
 * carved out: RunAccess hands nodes plain roots, and one rule that a node checks by prefix ("inside
 * a root") cannot be got wrong by a node, where exclusions inside roots could be forgotten by one.
 */
export interface ProtectedPaths {
  /** Real path of the data folder. */
  dataDir: string;
  /** Real path of the plugins folder, when there is one. */
  pluginsDir?: string;
  /** Real path of a credentials key kept outside the data folder (SLUICE_CREDENTIALS_KEY_FILE). */
  keyFile?: string;
  /** Real path of the runtime package (runtime/, holding src/ and the bundle dist/). */
  runtimeDir?: string;
  /** Real path of the pnpm workspace holding the runtime, when run from a checkout. */
  workspaceDir?: string;
}

/**
 * Entries of the data folder that are the runtime's own. Everything else in it (`landing/`,
 * `bronze/`, a folder a user made) may be a root. A new internal file or folder must be added here.
 */
export const DATA_INTERNALS = [
  'sluice.db',
  'sluice.db-wal',
  'sluice.db-shm',
  'sluice.db-journal',
  'credentials.key',
  'admin-token',
  'server.lock',
  'tmp',
  'locks',
  'plugins',
  'uploads',
];

/** Folders of an example (`examples/<name>/<folder>`) that are code, not data. */
const EXAMPLE_CODE = new Set(['src', 'node_modules', 'dist']);

/**
 * Why `root` (a real path) may not be a root, or undefined when it may. The reason names the
 * protected path, so that the message tells what to list instead.
 */
export function refusalOf(root: string, p: ProtectedPaths): string | undefined {
  if (isInside(p.dataDir, root)) return `it holds the data folder ${p.dataDir} (its database and credentials key)`;
  const inData = isInside(root, p.dataDir);
  if (inData) {
    const first = relative(p.dataDir, root).split(sep)[0]!;
    if (DATA_INTERNALS.includes(first) || first.startsWith('.')) return `it is the data folder's internal ${join(p.dataDir, first)}`;
  }
  if (p.keyFile && isInside(p.keyFile, root)) return `it holds the credentials key ${p.keyFile}`;
  if (p.pluginsDir && (isInside(p.pluginsDir, root) || isInside(root, p.pluginsDir))) return `it overlaps the plugins folder ${p.pluginsDir} (plugin code)`;
  // A folder of the data folder's own is data, also when the data folder lies in a checkout
  // (`pnpm start` keeps it in ./.sluice-data).
  if (inData) return undefined;
  if (p.workspaceDir) {
    if (isInside(p.workspaceDir, root)) return `it holds the workspace ${p.workspaceDir} (the runtime's code)`;
    if (isInside(root, p.workspaceDir)) {
      // Only data folders of the shipped examples, `examples/<name>/<folder>`, are not code.
      const [top, name, folder] = relative(p.workspaceDir, root).split(sep);
      if (top !== 'examples' || !name || !folder || EXAMPLE_CODE.has(folder) || folder.startsWith('.') || name.startsWith('.')) {
        return `it is inside the workspace ${p.workspaceDir} (the runtime's code); only examples/<name>/<folder> may be a root there`;
      }
    }
  }
  if (p.runtimeDir && (isInside(p.runtimeDir, root) || isInside(root, p.runtimeDir)))
    return `it overlaps the runtime's code ${p.runtimeDir} (src/ and the bundle dist/)`;
  return undefined;
}

/**
 * The runtime package's folder and the workspace holding it, found from this module's own place:
 * `runtime/src/access/` when run from the sources, `runtime/dist/` when run from the bundle.
 */
export function codeFolders(from = dirname(fileURLToPath(import.meta.url))): { runtimeDir?: string; workspaceDir?: string } {
  let runtimeDir: string | undefined;
  for (let dir = from; ; dir = dirname(dir)) {
    if (!runtimeDir && isRuntimePackage(join(dir, 'package.json'))) runtimeDir = dir;
    if (runtimeDir && existsSync(join(dir, 'pnpm-workspace.yaml'))) return { runtimeDir, workspaceDir: dir };
    if (dirname(dir) === dir) return runtimeDir ? { runtimeDir } : {};
  }
}

function isRuntimePackage(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name === '@sluice/runtime';
  } catch {
    return false;
  }
}
