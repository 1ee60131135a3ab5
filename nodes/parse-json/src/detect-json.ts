import { DETECTION_CONFIDENCE, type FormatDetection } from '@sluice/sdk';

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

/** JSON or JSON Lines: text whose first character (after a BOM and blanks) opens an object or array. */
export const detectJson: FormatDetection = {
  format: 'json',
  extensions: ['json', 'jsonl', 'ndjson'],
  sniff(head) {
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    const start = skipBlanks(head, bom ? 3 : 0);
    if (!looksLikeJson(head, start)) return undefined;
    return { confidence: DETECTION_CONFIDENCE.structure, from: `content (starts with "${String.fromCharCode(head[start]!)}")` };
  },
};
