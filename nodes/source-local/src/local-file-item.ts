import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FileError, type FileItem, readFileStart, type SourceFile } from '@sluice/sdk';

/** Files up to this size are read whole by their first head read, and kept for the next. */
const KEEP_AT_MOST = 64 * 1024;

/**
 * A file as it flows on: its bytes stay on disk. Before they are handed out, the file is checked
 * against the listing: a file rewritten in between would be recorded under the old fingerprint with
 * the new rows, so it fails now and is listed afresh next run. A file over the size limit is still
 * emitted, so that it is recorded (failed, then quarantined by a checkpoint) and shown among the
 * run's errors, but its bytes are never opened.
 */
export function localFileItem(origin: SourceFile, path: string, maxFileSize: number | undefined): FileItem {
  /**
   * A small file's bytes, read whole by the first `readHead` (a sniff of a few bytes) and kept until
   * a reader takes them all (a parser's head): one open and read of a tiny file instead of one per
   * reader (W3's 10,000 tiny CSVs: BENCHMARKS.md, issue 14). Bounded by the items between the two.
   */
  let kept: Buffer | undefined;
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
    async readHead(n) {
      if (kept) {
        const head = kept.subarray(0, n);
        if (n >= kept.length) kept = undefined;
        return head;
      }
      const checked = await check();
      // The listed size was just checked: a buffer of the file's size, not of `n`, when it is smaller.
      if (origin.size > KEEP_AT_MOST || n >= origin.size) return readFileStart(checked, Math.min(n, origin.size));
      const bytes = await readFileStart(checked, origin.size, true);
      kept = bytes;
      return bytes.subarray(0, n);
    },
  };
}
