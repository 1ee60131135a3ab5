import { ApiError } from '../api/api-error.ts';

/** A failed sign-in, said for the person at the keyboard rather than as an HTTP status. */
export function loginErrorText(error: unknown, via: 'password' | 'link'): string {
  const status = error instanceof ApiError ? error.status : -1;
  if (status === 0) return 'The Sluice runtime cannot be reached. Check that `sluice serve` is running, then try again.';
  if (status === 429) return 'Too many failed attempts for this user. Wait a few minutes, then try again.';
  if (via === 'link' && (status === 401 || status === 400 || status === 403 || status === 404 || status === 410)) {
    return 'This sign-in link has already been used or has expired. Sign in with your user name and password, or get a new link from the server (`sluice serve` prints one).';
  }
  if (status === 401 || status === 400) return 'Wrong user name or password.';
  return `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
}
