import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { FileError, type FileItem, readFileStart } from '@sluice/sdk';
import type { ParseCsvConfig } from './csv-config.ts';
import { type CsvDialect, resolveDialect } from './csv-dialect.ts';
import { needsRewrite, normalizeCsv, type Rewrite } from './normalize-csv.ts';
import { fileHoldsQuotedMarker, holdsQuotedMarker, type NullMarkerRewrite } from './null-markers.ts';
import { notCsvReason, utf16Bom } from './sniff-csv.ts';
import { utf16HeadToUtf8 } from './utf16.ts';

export const HEAD_BYTES = 64 * 1024;

/**
 * A file's first `n` bytes (all of it when shorter): through the item where its source reads heads
 * (a small local file's bytes, read once for the sniff before, are not read again), else from the
 * path. A small file's bytes are copied out, so that a batch of them does not hold a 64 KiB buffer
 * (or a buffer its source keeps) each.
 */
async function readFileHead(file: FileItem, path: string, n: number, signal?: AbortSignal): Promise<Buffer> {
  const head = file.readHead ? await file.readHead(n, signal) : await readFileStart(path, n);
  return head.length < n / 4 ? Buffer.from(head) : head;
}

export interface PreparedCsv {
  /** A UTF-8 file polars can scan: the file itself (fast path) or a rewritten copy. */
  scanPath: string;
  dialect: CsvDialect;
  rewritten: boolean;
  /** False for a file of zero bytes. */
  hasData: boolean;
  /** The whole file fit in the first 64 KiB read to sniff it: small enough to parse at once. */
  small: boolean;
  /** The file's first bytes as read (up to 64 KiB; the whole file when `small`), before any rewrite. */
  head: Buffer;
}

/**
 * Gets a file ready for polars: checks that it is CSV text at all, settles the dialect from its
 * first bytes, and rewrites it into the file's temporary folder only when polars cannot read it
 * as it is (another encoding, backslash escapes); otherwise the file is scanned in place.
 * With `headOnly` (previews) only the first 64 KiB are rewritten.
 */
export async function prepareCsv(
  file: FileItem,
  config: ParseCsvConfig,
  tempPath: (name: string) => Promise<string>,
  options: { signal?: AbortSignal; headOnly?: boolean } = {},
): Promise<PreparedCsv> {
  const path = await file.localPath(options.signal);
  const head = await readFileHead(file, path, HEAD_BYTES, options.signal);
  const label = file.origin.uri;
  // A UTF-16 byte-order mark declares the encoding, whatever the option says: the text is sniffed
  // and checked as UTF-8, and the whole file transcoded while streaming.
  const utf16 = utf16Bom(head);
  const text = utf16 ? utf16HeadToUtf8(head, utf16) : head;
  const reason = notCsvReason(text);
  if (reason) throw new FileError(label, reason);
  const dialect = utf16 ? { ...resolveDialect({ ...config, encoding: 'utf-8' }, text), encoding: utf16, bom: true } : resolveDialect(config, head);
  const small = head.length < HEAD_BYTES;
  const markers = nullMarkerRewrite(config, dialect);
  const rewrite: Rewrite = { encoding: dialect.encoding, backslashQuote: dialect.backslashQuote, nullMarkers: null };
  // A quoted field that polars would take for a null marker needs the markers applied to the bytes.
  // Bytes rewritten anyway get them applied without looking; UTF-8 bytes are searched first.
  if (markers && head.length) {
    const holds = needsRewrite(rewrite) || (small ? holdsQuotedMarker(head, markers) : await fileHoldsQuotedMarker(path, markers, options.signal));
    if (holds) rewrite.nullMarkers = markers;
  }
  if (head.length === 0 || !needsRewrite(rewrite)) return { scanPath: path, dialect, rewritten: false, hasData: head.length > 0, small, head };
  const rewritten = { ...dialect, nullsInBytes: rewrite.nullMarkers !== null };

  const base = file.name.replace(/\.(csv|tsv|txt)$/i, '');
  const dest = await tempPath(`utf8-${base}.csv`);
  // A preview rewrites the head only; a UTF-16 head is already text, cut at a line end.
  const headRewrite = utf16 ? { ...rewrite, encoding: 'utf-8' as const } : rewrite;
  const src = options.headOnly ? Readable.from([cutAtLastLineEnd(utf16 ? text : head)]) : createReadStream(path);
  try {
    await normalizeCsv(src, dest, options.headOnly ? headRewrite : rewrite, options.signal);
  } catch (err) {
    const what = needsRewrite({ ...rewrite, nullMarkers: null }) ? `convert the file from ${dialect.encoding} to UTF-8` : 'apply its null markers';
    throw new FileError(label, `could not ${what}: ${(err as Error).message}`, { cause: err });
  }
  return { scanPath: dest, dialect: rewritten, rewritten: true, hasData: true, small, head };
}

/** The null markers to apply to unquoted fields, when some marker other than "" is set and fields can be quoted. */
function nullMarkerRewrite(config: ParseCsvConfig, dialect: CsvDialect): NullMarkerRewrite | null {
  if (dialect.quote === null || !config.nullValues.some((m) => m !== '')) return null;
  return {
    markers: config.nullValues,
    delimiter: dialect.delimiter,
    quote: dialect.quote,
    lineEnd: dialect.lineEnd,
    skipLines: config.skipRows,
    header: config.header,
    trim: config.trimWhitespace,
  };
}

function cutAtLastLineEnd(head: Buffer): Buffer {
  if (head.length < HEAD_BYTES) return head;
  const cut = Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d));
  return cut > 0 ? head.subarray(0, cut + 1) : head;
}
