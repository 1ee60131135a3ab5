import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Checks of paths against the roots of a `RunAccess`, shared by the nodes and the runtime so that
 * there is one way to decide "inside". Every check is made on real paths: `..` segments and
 * symbolic links are resolved first, so neither leads out of a root.
 */

/** The runtime's settings that list the input and the output roots, named in refusals so that the fix is plain. */
export const ALLOWED_ROOTS_ENV = 'SLUICE_ALLOWED_ROOTS';
export const OUTPUT_ROOTS_ENV = 'SLUICE_OUTPUT_ROOTS';

/** True when `path` is `root` or inside it (both absolute and normalised, e.g. real paths). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of `path`, which need not exist yet (a Bronze table written for the first time):
 * the deepest existing ancestor is resolved (symbolic links followed) and the missing rest appended.
 * A dangling link anywhere on the way resolves to its target, so it cannot be used to point out later.
 */
export async function realPathOf(path: string, hops = 0): Promise<string> {
  const abs = resolve(path);
  try {
    return await realpath(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    if (hops > 40) throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
    const link = await lstat(abs).catch(() => undefined);
    // A dangling link: where it points is where a write through it would go.
    if (link?.isSymbolicLink()) return realPathOf(resolve(dirname(abs), await readlink(abs)), hops + 1);
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return join(await realPathOf(parent, hops + 1), basename(abs));
  }
}

/** The real paths of roots (missing roots resolved as far as they exist). */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  return [...new Set(await Promise.all(roots.map((r) => realPathOf(r))))];
}

/** The first root (real) that holds `real`, or undefined. */
export function rootHolding(real: string, roots: readonly string[]): string | undefined {
  return roots.find((r) => isInside(real, r));
}
