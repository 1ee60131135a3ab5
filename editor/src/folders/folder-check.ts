import type { FolderKind, FolderListing } from '@sluice/sdk/wire';
import { ApiError } from '../api/api-error.ts';

/** What the editor knows of a folder field's value, checked against the runtime's roots while it is typed. */
export type FolderCheck =
  | { state: 'none' }
  | { state: 'checking' }
  | { state: 'inside'; path: string; root: string }
  | { state: 'missing'; path: string; root: string }
  | { state: 'refused'; message: string; short: string }
  | { state: 'unknown'; message: string };

/** `s3://bucket/prefix` and other URLs are locations, not local folders: not checked against the roots. */
export const isUrl = (v: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim());

/** The value to check, or undefined when there is nothing to check (empty, not text, a URL). */
export function folderToCheck(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' && !isUrl(value) ? value.trim() : undefined;
}

/** The check from the runtime's answer: a listing, or the error it answered with. */
export function folderCheckOf(answer: FolderListing | unknown): FolderCheck {
  if (answer instanceof ApiError) {
    if (answer.status === 400 || answer.status === 422)
      return { state: 'refused', message: answer.message, short: answer.problems[0]?.message ?? answer.message };
    return { state: 'unknown', message: `The folder could not be checked: ${answer.message}` };
  }
  if (answer instanceof Error) return { state: 'unknown', message: `The folder could not be checked: ${answer.message}` };
  const listing = answer as FolderListing;
  return listing.exists ? { state: 'inside', path: listing.path, root: listing.root } : { state: 'missing', path: listing.path, root: listing.root };
}

/** The sentence under the field; `null` when there is nothing to say. */
export function folderCheckText(check: FolderCheck, kind: FolderKind): { tone: 'ok' | 'warn' | 'error'; text: string } | null {
  switch (check.state) {
    case 'inside':
      return { tone: 'ok', text: check.path === check.root ? `${check.path} (an allowed folder)` : `${check.path}, inside the allowed folder ${check.root}` };
    case 'missing':
      return kind === 'input'
        ? { tone: 'warn', text: `${check.path} does not exist yet: it lies inside ${check.root}, but runs find no files until it is made.` }
        : { tone: 'ok', text: `${check.path} does not exist yet: it lies inside ${check.root}, and the first run makes it.` };
    case 'refused':
      return { tone: 'error', text: check.message };
    case 'unknown':
      return { tone: 'warn', text: check.message };
    default:
      return null;
  }
}

/** The folder one level up inside the roots, or null at a root (the picker then shows the roots). */
export function parentInside(path: string, root: string): string | null {
  if (path === root) return null;
  const cut = path.lastIndexOf('/');
  const parent = cut <= 0 ? '/' : path.slice(0, cut);
  return parent.length < root.length ? root : parent;
}
