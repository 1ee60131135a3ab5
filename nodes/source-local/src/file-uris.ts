import { pathToFileURL } from 'node:url';

/** Keys whose `file:` URL is the folder's URL, a slash and the key as it is: letters, digits, `._-` and slashes, no `.` or `..` segment (`~` is escaped by pathToFileURL). */
const PLAIN_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_.-]+)*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * The `file:` URLs of keys under `folder` (a real, absolute path), exactly as `pathToFileURL` makes
 * them: recorded in checkpoints and in every Bronze row's `_source_file`, so they must not differ.
 * A key of plain characters is appended to the folder's URL made once; any other key goes through
 * `pathToFileURL`. `pathToFileURL` per file was a fifth of a re-run's listing over 10,000 files.
 */
export function fileUris(folder: string): (key: string) => string {
  const base = pathToFileURL(folder).href.replace(/\/$/, '');
  return (key) => (PLAIN_KEY.test(key) && !DOT_SEGMENT.test(key) ? `${base}/${key}` : pathToFileURL(`${folder}/${key}`).href);
}
