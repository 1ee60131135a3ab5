/**
 * Tells a JSON document from JSON Lines by looking at bytes only (no full parse), so that
 * parse-auto can call it on the first kilobytes of a file.
 */
export type JsonFormat = 'json' | 'jsonl';

const LINES_EXTENSIONS = /\.(jsonl|ndjson|jsonlines)$/i;

/** Where the bytes start after a UTF-8 byte order mark and whitespace; -1 when there is nothing. */
export function firstContentByte(buf: Uint8Array): number {
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (i < buf.length && isSpace(buf[i]!)) i++;
  return i < buf.length ? i : -1;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * The end (exclusive) of the JSON object or array that starts at `start`, tracking strings and
 * escapes; -1 when it does not close within `buf` (a pretty-printed document cut by the sample,
 * or a broken value).
 */
export function endOfValue(buf: Uint8Array, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < buf.length; i++) {
    const b = buf[i]!;
    if (inString) {
      if (b === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * True when the bytes look like JSON Lines: the first value is an object that closes on its first
 * line and more content follows it. A document that starts with `[`, or a single (even
 * pretty-printed) object, is not. `head` may be only the start of the file.
 */
export function looksLikeJsonLines(head: Uint8Array): boolean {
  const start = firstContentByte(head);
  if (start < 0 || head[start] !== 0x7b) return false;
  const end = endOfValue(head, start);
  if (end < 0) return false;
  const newline = head.indexOf(0x0a, start);
  if (newline >= 0 && newline < end) return false; // the first object spans lines: a document
  const next = firstContentByte(head.subarray(end));
  return next >= 0;
}

/** The format of a file: the configured one, else `.jsonl`/`.ndjson` names, else the bytes. */
export function detectJsonFormat(head: Uint8Array, name: string, configured: 'auto' | JsonFormat): JsonFormat {
  if (configured !== 'auto') return configured;
  const start = firstContentByte(head);
  if (start >= 0 && head[start] === 0x5b) return 'json';
  if (LINES_EXTENSIONS.test(name)) return 'jsonl';
  return looksLikeJsonLines(head) ? 'jsonl' : 'json';
}
