import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Folders of the host's own dependencies, found as Node would: `node_modules/<name>` in the
 * host's folder or any folder above it. The built-in plugins are those carrying a manifest.
 */
export async function dependencyDirs(hostDir: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(join(hostDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const found: string[] = [];
  for (const name of Object.keys(pkg.dependencies ?? {}).sort()) {
    const dir = await findInNodeModules(hostDir, name);
    if (dir) found.push(dir);
  }
  return found;
}

async function findInNodeModules(from: string, name: string): Promise<string | undefined> {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (await isDir(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Candidate package folders in a plugins folder, as a user would fill it: packages copied or linked
 * as subfolders, or installed with npm into its node_modules (scoped packages included).
 */
export async function pluginsFolderDirs(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await listDirs(folder)) {
    if (name === 'node_modules') found.push(...(await nodeModulesDirs(join(folder, name))));
    else if (!name.startsWith('.')) found.push(join(folder, name));
  }
  return found;
}

async function nodeModulesDirs(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await listDirs(folder)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const inner of await listDirs(join(folder, name))) found.push(join(folder, name, inner));
    else found.push(join(folder, name));
  }
  return found;
}

/** Sub-folders (following symbolic links, as `npm link` and pnpm make them), sorted for a stable order. */
async function listDirs(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const dirs: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() || (e.isSymbolicLink() && (await isDir(join(folder, e.name))))) dirs.push(e.name);
  }
  return dirs.sort();
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
