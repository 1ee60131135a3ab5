import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FileItem, fingerprintOf } from '@sluice/sdk';

/** A FileItem for a file on this machine, as a source would emit it (the preview's input). */
export async function localFileItem(path: string, sourceNode = 'preview', name = basename(path)): Promise<FileItem> {
  const full = resolve(path);
  const s = await stat(full).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${path}: cannot read the file (${err.code ?? err.message})`);
  });
  if (!s.isFile()) throw new Error(`${path}: not a file`);
  const origin = {
    sourceNode,
    key: name,
    uri: pathToFileURL(full).href,
    size: s.size,
    modifiedAt: s.mtime,
    fingerprint: fingerprintOf({ size: s.size, modifiedAt: s.mtime }),
  };
  return {
    kind: 'file',
    origin,
    name,
    size: s.size,
    open: async (signal) => createReadStream(full, { signal }),
    localPath: async () => full,
  };
}
