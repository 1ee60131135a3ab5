import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthStore } from '@sluice/store';

/** The file of the data folder that holds the admin API token made on a fresh data folder. */
export const FIRST_RUN_TOKEN_FILE = 'admin-token';
export const FIRST_RUN_TOKEN_NAME = 'first-run';

/**
 * On a fresh data folder (and no SLUICE_API_TOKEN): an admin API token for scripts on this machine,
 * as Jupyter keeps its token in a runtime file. It is written to a 0600 file beside the database,
 * never printed (terminal output and service logs outlive it), and revoked like any token
 * (`sluice token revoke first-run`). Returns the file's path.
 */
export async function writeFirstRunToken(auth: AuthStore, dataDir: string, now = new Date()): Promise<string> {
  const path = join(dataDir, FIRST_RUN_TOKEN_FILE);
  const { token } = await auth.tokens.create(FIRST_RUN_TOKEN_NAME, 'admin', now);
  // 'wx': never replaces a file that is there (a fresh data folder has none).
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return path;
}
