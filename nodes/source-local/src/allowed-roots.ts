import { realpath } from 'node:fs/promises';
import { isAbsolute, parse, relative, resolve, sep } from 'node:path';
import type { RunDirs } from '@sluice/sdk';

/** The environment variable that lists the folders a local source may read, separated by ':'. */
export const ALLOWED_ROOTS_ENV = 'SLUICE_ALLOWED_ROOTS';

/**
 * The folders a local source may read. `SLUICE_ALLOWED_ROOTS` (a ':'-separated list, relative entries
 * taken from `cwd`) replaces the default, which is the process's working directory, the runtime's
 * data folder (`dirs.data`, else `SLUICE_DATA_DIR`) and the folder of the graph being run
 * (`dirs.graph`), leaving out the file system's root. Everything is passed in, so that tests and the
 * runtime decide, not globals.
 */
export function resolveAllowedRoots(env: Readonly<Record<string, string | undefined>>, cwd: string, dirs?: RunDirs): string[] {
  const listed = env[ALLOWED_ROOTS_ENV]?.split(':').filter((p) => p.trim() !== '');
  if (listed?.length) return [...new Set(listed.map((r) => resolve(cwd, r)))];
  const defaults = [cwd, dirs?.data ?? env.SLUICE_DATA_DIR, dirs?.graph].filter((r): r is string => !!r).map((r) => resolve(cwd, r));
  // A service started from `/` (systemd's default) would otherwise allow the whole file system.
  return [...new Set(defaults.filter((r) => parse(r).root !== r))];
}

/** True when `path` is `root` or inside it (both absolute and already real). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/** The real paths of the allowed roots that exist (a missing root cannot hold anything). */
export async function realRoots(roots: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of roots) {
    const real = await realpath(r).catch(() => undefined);
    if (real) out.push(real);
  }
  return out;
}

/**
 * Resolves a configured folder (absolute, or relative to `base`) to its real path and checks that it
 * lies inside an allowed root. Checking the real path, not the written one, closes both escapes:
 * `../..` segments and symbolic links that point elsewhere.
 */
export async function resolveFolder(folder: string, base: string, roots: string[]): Promise<string> {
  const wanted = resolve(base, folder);
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`folder "${folder}" (${wanted}) ${code === 'ENOENT' ? 'does not exist' : `cannot be read: ${code}`}`);
  }
  const real_roots = await realRoots(roots);
  if (!real_roots.some((r) => isInside(real, r))) {
    throw new Error(
      `folder "${folder}" resolves to ${real}, which is outside the allowed roots (${roots.join(', ') || 'none'}); ` +
        `list it in ${ALLOWED_ROOTS_ENV} to allow it`,
    );
  }
  return real;
}
