import { detectCompression, type Compression } from '@sluice/node-decompress';

export const FORMATS = ['csv', 'json', 'parquet', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export type Detection =
  | { kind: 'format'; format: Format; from: string }
  | { kind: 'compressed'; compression: Compression }
  | { kind: 'unknown'; why: string };

const EXTENSIONS: Record<string, Format> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  json: 'json',
  jsonl: 'json',
  ndjson: 'json',
  parquet: 'parquet',
  pq: 'parquet',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xls: 'xlsx',
};

/** The format a file's name claims, or null. */
export function formatOfName(name: string): Format | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext ? (EXTENSIONS[ext] ?? null) : null;
}

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * The format of a file from its first bytes, then its name: magic bytes first (`PAR1` Parquet, zip
 * `PK` workbook, OLE2 legacy workbook, gzip, zstd), then text (a first `{` or `[` after a BOM and
 * blanks is JSON, other text is CSV). The name decides only when the bytes cannot (an empty file).
 * A name that disagrees with the bytes loses: extensions are often wrong, magic bytes are not.
 */
export function detectFormat(head: Uint8Array, name: string): Detection {
  const compression = detectCompression(head);
  if (compression) return { kind: 'compressed', compression };
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { kind: 'format', format: 'parquet', from: 'magic bytes PAR1' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'format', format: 'xlsx', from: 'zip magic bytes PK' };
  // A legacy .xls (OLE2 compound file): parse-excel explains whether and why it is refused.
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'format', format: 'xlsx', from: 'OLE2 magic bytes (legacy .xls)' };
  if (head.length === 0) {
    const byName = formatOfName(name);
    return { kind: 'format', format: byName ?? 'csv', from: byName ? 'extension (the file is empty)' : 'default (the file is empty)' };
  }
  const start = skipBlanks(head, startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0);
  if (looksLikeJson(head, start)) return { kind: 'format', format: 'json', from: `content (starts with "${String.fromCharCode(head[start]!)}")` };
  const nul = head.indexOf(0);
  if (nul >= 0) return { kind: 'unknown', why: `binary data of no supported format (a NUL byte at offset ${nul}; supported: CSV, JSON, Parquet, xlsx, gzip, zstd)` };
  return { kind: 'format', format: 'csv', from: 'content (text, not JSON)' };
}

function skipBlanks(head: Uint8Array, from: number): number {
  let i = from;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return i;
}

/**
 * Whether text starting at `i` opens a JSON value: `{` followed by a key or `}`, or `[` followed by
 * a value or `]`. A CSV header like SQL Server's `[id],[name]` also starts with `[`, and is CSV.
 */
function looksLikeJson(head: Uint8Array, i: number): boolean {
  const open = head[i];
  if (open !== 0x7b && open !== 0x5b) return false;
  const j = skipBlanks(head, i + 1);
  if (j >= head.length) return true;
  const next = String.fromCharCode(head[j]!);
  if (open === 0x7b) return next === '"' || next === '}';
  if ('{["]-0123456789'.includes(next)) return true;
  const word = Buffer.from(head.subarray(j, j + 6)).toString('latin1');
  return /^(true|false|null)[\s,\]]/.test(word);
}
