import { chmodSync, statSync } from 'node:fs';

/**
 * Makes a secret-bearing file readable and writable by its owner only (0600), when it is wider: the
 * credentials key, the database and its WAL files. A file that cannot be set so (another owner) is
 * an error naming it, never a silent start with a world-readable secret. A missing file is left be.
 */
export function ownerOnly(path: string, what: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if ((mode & 0o077) === 0 && (mode & 0o600) === 0o600) return;
  try {
    chmodSync(path, 0o600);
  } catch (err) {
    throw new Error(
      `${what} ${path} is mode ${mode.toString(8)} and cannot be set to 0600 (${(err as NodeJS.ErrnoException).code}): make it readable by the runtime's user only`,
      { cause: err },
    );
  }
}
