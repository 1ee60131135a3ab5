import { endOfValue } from './json-format.ts';

/**
 * JSON Lines bytes rewritten as one JSON array (`[line,line,...]`), blank lines dropped. Polars'
 * document reader infers and parses such an array in less than half the CPU time of its NDJSON
 * reader (nodejs-polars 0.25.2, measured on 500-record files with nested objects: ~3.5 ms against
 * ~8.7 ms per file), so JSON Lines go through it.
 *
 * Joining lines must not let two broken lines make one valid record (`{"a":[1` + `2]}`), so every
 * line is checked to be exactly one bracket-balanced object (strings and escapes respected; no
 * parse, no decoding). Returns null when one is not: the caller then checks line by line.
 */
export function linesAsArray(buf: Buffer): Buffer | null {
  const out = Buffer.allocUnsafe(buf.length + 2);
  let o = 0;
  out[o++] = 0x5b; // [
  let pos = 0;
  let first = true;
  while (pos < buf.length) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl < 0) nl = buf.length;
    let start = pos;
    let end = nl;
    while (start < end && isSpace(buf[start]!)) start++;
    while (end > start && isSpace(buf[end - 1]!)) end--;
    if (end > start) {
      const line = buf.subarray(start, end);
      if (line[0] !== 0x7b || endOfValue(line, 0) !== line.length) return null;
      if (!first) out[o++] = 0x2c; // ,
      first = false;
      o += line.copy(out, o);
    }
    pos = nl + 1;
  }
  out[o++] = 0x5d; // ]
  return out.subarray(0, o);
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0d || b === 0x09 || b === 0x0a;
}
