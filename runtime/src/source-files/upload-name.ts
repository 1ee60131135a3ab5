import { SourceRequestError } from './source-request-error.ts';

/**
 * The name an upload lands under: a plain file name, never a path. Names with '/' or '\', `..`, a
 * leading dot (hidden files, and the temporary names of uploads in progress) or control characters
 * are refused rather than cleaned up, so that the file lands exactly under the name the user sees.
 */
export function uploadName(name: string | undefined, field = 'file'): string {
  const refuse = (why: string) => {
    throw new SourceRequestError(400, field, `file name ${JSON.stringify(name ?? '')} ${why}`);
  };
  if (!name) return refuse('is empty: send the file with its name');
  if (/[/\\]/.test(name)) return refuse('is a path: send the base name of the file only');
  if (name.startsWith('.')) return refuse('starts with a dot: hidden names (and "..") are not uploaded');
  if (/[\u0000-\u001f\u007f]/.test(name)) return refuse('contains control characters');
  if (Buffer.byteLength(name) > 255) return refuse('is longer than 255 bytes');
  return name;
}
