import { errorMessage, isNoSpace } from '@sluice/sdk';
import type { Context } from 'hono';
import { errorBody } from '../routes/api-schemas.ts';

/**
 * 507 Insufficient Storage for a request that failed because a disk is full (ENOSPC, EDQUOT, or
 * SQLite's SQLITE_FULL, also as a cause), instead of a 500 that reads as a bug: the client learns
 * that nothing was stored and that retrying after space is freed is the fix. The process stays up:
 * SQLite rolls the statement back, and a failed upload removes its partial file. Undefined for any
 * other error.
 */
export function storageFullResponse(err: unknown, c: Context): Response | undefined {
  if (!isNoSpace(err)) return undefined;
  const what = `${c.req.method} ${c.req.path}`;
  console.error(`${what} failed: no space left on device: ${errorMessage(err)}`);
  return c.json(errorBody(`no space left on the data folder's disk: ${what} stored nothing (${errorMessage(err)}); free some space and try again`), 507);
}
