import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FileError, type FileItem, keptHeadReader, readFileStart, type SourceFile } from '@sluice/sdk';

/**
 * A file as it flows on: its bytes stay on disk. Before they are handed out, the file is checked
 * against the listing: a file rewritten in between would be recorded under the old fingerprint with
 * the new rows, so it fails now and is listed afresh next run. A file over the size limit is still
 * emitted, so that it is recorded (failed, then quarantined by a checkpoint) and shown among the
 * run's errors, but its bytes are never opened.
 */
export function localFileItem(origin: SourceFile, path: string, maxFileSize: number | undefined): FileItem {
  const check = async (): Promise<string> => {
    if (maxFileSize !== undefined && origin.size > maxFileSize) {
      throw new FileError(origin.uri, `is ${origin.size} bytes, over the maxFileSize of ${maxFileSize} bytes; it was not read`);
    }
    const now = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new FileError(origin.uri, `cannot be read: ${err.code ?? err.message}`);
    });
    if (now.size !== origin.size || now.mtime.getTime() !== origin.modifiedAt.getTime()) {
      throw new FileError(
        origin.uri,
        `changed while the run went (listed ${origin.size} bytes modified ${origin.modifiedAt.toISOString()}, now ${now.size} bytes modified ${now.mtime.toISOString()}); it is read again next run`,
      );
    }
    return path;
  };
  return {
    kind: 'file',
    origin,
    name: basename(origin.key),
    size: origin.size,
    async open(signal) {
      return createReadStream(await check(), signal ? { signal } : {});
    },
    localPath: check,
    // Checked against the listing when read; a small file's bytes, kept from the sniff, are not read again.
    readHead: keptHeadReader(origin.size, async (n, kept) => readFileStart(await check(), n, kept)),
  };
}
