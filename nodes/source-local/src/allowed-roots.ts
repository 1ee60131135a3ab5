import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ALLOWED_ROOTS_ENV, isInside, realPathOf, realRoots, type RunAccess } from '@sluice/sdk';

/**
 * The folders a local source may read: the run's `access.inputRoots`, decided by the runtime from its
 * settings, never by the graph or this node. A run without access reads nothing: a node must never
 * default to "everything".
 */
export function inputRootsOf(access: RunAccess | undefined): readonly string[] {
  if (!access) {
    throw new Error(
      `this run was given no access settings (RunAccess): a local source reads only inside the input roots the runtime hands it (${ALLOWED_ROOTS_ENV}), and none were given`,
    );
  }
  return access.inputRoots;
}

/**
 * Resolves a configured folder (absolute, or relative to `base`) to its real path and checks that it
 * lies inside an input root. Checking the real path, not the written one, closes both escapes:
 * `../..` segments and symbolic links that point elsewhere. Returns the folder and the real roots.
 */
export async function resolveFolder(folder: string, base: string, roots: readonly string[]): Promise<{ folder: string; roots: string[] }> {
  const wanted = resolve(base, folder);
  // Inside or not is decided first, on the real path of as much as exists: a folder outside the
  // roots gets the same answer whether it exists or not, so a graph cannot probe the file system.
  const real = await realPathOf(wanted);
  const real_roots = await realRoots(roots);
  if (!real_roots.some((r) => isInside(real, r))) {
    throw new Error(
      `folder "${folder}" resolves to ${real}, which is outside the allowed roots (${roots.join(', ') || 'none'}); ` +
        `only the runtime's ${ALLOWED_ROOTS_ENV} setting can allow it`,
    );
  }
  try {
    return { folder: await realpath(wanted), roots: real_roots };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`folder "${folder}" (${wanted}) ${code === 'ENOENT' ? 'does not exist' : `cannot be read: ${code}`}`);
  }
}
