import { errorMessage } from '@sluice/sdk';

/** A JSON Lines line that is not a JSON object. */
export interface BadLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
  cause: string;
}

export interface CheckedLines {
  /** The good lines only, one per line, for polars to parse natively. */
  clean: Buffer;
  /** The 1-based file line of each good line, in order. */
  goodLines: number[];
  bad: BadLine[];
}

/** V8's JSON.parse message without the copy of the input it quotes (which may be megabytes). */
export function jsonParseCause(err: unknown): string {
  return errorMessage(err)
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '');
}

/** Why a line is not a JSON object, or null when it is one. */
export function lineProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return jsonParseCause(err);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`;
  }
  return null;
}

/**
 * Checks every line with JSON.parse: the slow path, taken only after polars rejected the whole
 * file, to find which lines are bad and to keep the good ones for polars. Blank lines are ignored,
 * as polars ignores them.
 */
export function checkLines(buf: Buffer): CheckedLines {
  const text = buf.toString('utf8');
  const goodLines: number[] = [];
  const bad: BadLine[] = [];
  const parts: string[] = [];
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    lineNo++;
    const line = text.slice(pos, nl).replace(/\r$/, '');
    pos = nl + 1;
    if (!line.trim()) continue;
    const problem = lineProblem(line.replace(/^\ufeff/, ''));
    if (problem) bad.push({ line: lineNo, text: line, cause: problem });
    else {
      goodLines.push(lineNo);
      parts.push(line);
    }
  }
  return { clean: Buffer.from(parts.join('\n'), 'utf8'), goodLines, bad };
}

/** Line and column (1-based) of a character offset, for messages about a JSON document. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}
