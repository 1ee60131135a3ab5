import { statfs } from 'node:fs/promises';
import { errorMessage } from './file-error.ts';

/** The errno codes of a full disk or quota, and SQLite's own. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/**
 * How libraries that drop the errno still word it: Rust's io::Error, as polars passes it on ("No space
 * left on device (os error 28)", 122 is EDQUOT), Node's text, and SQLite's "database or disk is full".
 */
const FULL_TEXT = /No space left on device|\bos error (?:28|122)\b|\bENOSPC\b|\bEDQUOT\b|disk quota exceeded|database or disk is full/i;

/**
 * Free bytes below which a file system is taken as full after a write failed there. A writer that
 * fills a disk leaves (almost) nothing free: write() writes what fits and fails on the next call.
 */
const NEARLY_FULL_BYTES = 1 << 20;

/** A write refused for want of space; `code` lets callers (the API: 507) tell it apart without parsing text. */
export class NoSpaceError extends Error {
  readonly code = 'ENOSPC';
  override name = 'NoSpaceError';
}

/** Whether an error, or one of its causes, says the disk (or the quota) is full. */
export function isNoSpace(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
    if (e instanceof Error && FULL_TEXT.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Free bytes on the file system holding `folder` for this process (root may use the reserved blocks); undefined if it cannot be asked. */
export async function freeBytes(folder: string): Promise<number | undefined> {
  try {
    const s = await statfs(folder);
    return (process.getuid?.() === 0 ? s.bfree : s.bavail) * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * The error of a failed write of `path`, named "no space left on device (ENOSPC)" when the disk is
 * full, whatever the writer said: its errno, its words, or (when `folder` is given, for writers such
 * as polars' native Parquet writer that may report a full disk only as a broken file afterwards,
 * "Invalid thrift: transport error") the free space left in `folder`. Ask before removing what the
 * failed write left, which still holds its space. Any other error is returned as it is.
 */
export async function namingNoSpace(err: unknown, path: string, folder?: string): Promise<unknown> {
  if (err instanceof NoSpaceError) return err;
  let free: number | undefined;
  if (!isNoSpace(err)) {
    if (folder === undefined) return err;
    free = await freeBytes(folder);
    if (free === undefined || free >= NEARLY_FULL_BYTES) return err;
  }
  const left = free === undefined ? '' : ` (${free} bytes free there)`;
  return new NoSpaceError(`no space left on device (ENOSPC) writing ${path}${left}: ${errorMessage(err)}`, { cause: err });
}
