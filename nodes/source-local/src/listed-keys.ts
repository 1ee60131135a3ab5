import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { isInside, type RunKey } from '@sluice/sdk';
import type { ListedFile } from './walk-folder.ts';

/**
 * The files named by a trigger (`params.keys`), looked up one by one instead of walking the folder:
 * a bucket or folder event names a few files in a folder that may hold millions. Keys are held to
 * the same rules as a listing: inside the folder, and links only to allowed roots. Event facts
 * (sizes, ETags) are for object stores: a local file is always looked at.
 */
export async function* listedKeys(
  folder: string,
  keys: Iterable<RunKey> | AsyncIterable<RunKey>,
  roots: string[],
  onSkip: (key: string, why: string) => void,
): AsyncGenerator<ListedFile> {
  for await (const { key } of keys) {
    const clean = normalize(key).split('\\').join('/');
    if (isAbsolute(clean) || clean === '..' || clean.startsWith('../')) {
      onSkip(key, 'is not a path inside the folder');
      continue;
    }
    const real = await realpath(join(folder, clean)).catch(() => undefined);
    if (!real) {
      onSkip(key, 'does not exist');
      continue;
    }
    if (!roots.some((r) => isInside(real, r))) {
      onSkip(key, `resolves to ${real}, outside the allowed roots`);
      continue;
    }
    const s = await stat(real);
    if (!s.isFile()) {
      onSkip(key, 'is not a file');
      continue;
    }
    yield { key: clean, path: real, size: s.size, modifiedAt: s.mtime };
  }
}
