/** What the first bytes of a file tell before it is parsed. */

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed: put a decompress node before this one' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed: put a decompress node before this one' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file (PAR1 magic bytes), not CSV: use parse-parquet or parse-auto' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (PK magic bytes, e.g. an .xlsx workbook), not CSV: use parse-excel or parse-auto' },
];

/** Why bytes starting with `head` cannot be CSV text, or null when they may be. */
export function notCsvReason(head: Uint8Array): string | null {
  for (const s of SIGNATURES) {
    if (head.length >= s.bytes.length && s.bytes.every((b, i) => head[i] === b)) return `the file is ${s.what}`;
  }
  const nul = head.indexOf(0);
  if (nul >= 0) {
    return `the file holds binary data (a NUL byte at offset ${nul}), not CSV text (UTF-16 text is read only when it starts with a byte-order mark: save it as UTF-8, or as Unicode text with a BOM)`;
  }
  return null;
}

export type Utf16Encoding = 'utf-16le' | 'utf-16be';

/**
 * The UTF-16 byte order a file's byte-order mark declares (FF FE little-endian, as Excel's
 * "Unicode Text" export writes; FE FF big-endian), or null. FF FE 00 00 is UTF-32LE's mark: null.
 */
export function utf16Bom(head: Uint8Array): Utf16Encoding | null {
  if (head.length < 2) return null;
  if (head[0] === 0xff && head[1] === 0xfe) return head.length >= 4 && head[2] === 0 && head[3] === 0 ? null : 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

export function hasUtf8Bom(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

export type LineEnd = 'lf' | 'crlf' | 'cr';

/**
 * The line end of a file from its first line break outside quotes: `cr` (classic Mac OS exports)
 * needs polars' eolChar set to `\r`; `crlf` and `lf` are read as they are.
 */
export function detectLineEnd(head: Uint8Array, quote: number | null): LineEnd {
  let inQuotes = false;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (quote !== null && b === quote) inQuotes = !inQuotes;
    else if (!inQuotes && b === 0x0a) return 'lf';
    else if (!inQuotes && b === 0x0d) {
      if (i + 1 >= head.length) return 'lf';
      return head[i + 1] === 0x0a ? 'crlf' : 'cr';
    }
  }
  return 'lf';
}

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * Guesses the delimiter from the first lines: the candidate that splits every sampled line into
 * the same number (> 1) of fields outside quotes; ties go to the more frequent, then to ','.
 */
export function sniffDelimiter(text: string, quote: string | null, lineEnd: LineEnd): string {
  const sep = lineEnd === 'cr' ? '\r' : '\n';
  const lines = text.split(sep).slice(0, 21);
  if (lines.length > 1) lines.pop(); // the last line of a head may be cut short
  let best = { delimiter: ',', score: 0 };
  for (const d of CANDIDATES) {
    const counts = lines.filter((l) => l.trim().length > 0).map((l) => countOutsideQuotes(l, d, quote));
    if (counts.length === 0 || counts[0] === 0) continue;
    const consistent = counts.every((c) => c === counts[0]);
    const score = (consistent ? 1_000_000 : 0) + counts[0]!;
    if (score > best.score) best = { delimiter: d, score };
  }
  return best.delimiter;
}

function countOutsideQuotes(line: string, d: string, quote: string | null): number {
  let n = 0;
  let inQuotes = false;
  for (const ch of line) {
    if (quote !== null && ch === quote) inQuotes = !inQuotes;
    else if (!inQuotes && ch === d) n++;
  }
  return n;
}
