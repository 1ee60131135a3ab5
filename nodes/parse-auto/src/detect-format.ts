import { detectCompression, type Compression } from '@sluice/sdk/compression';
import { extensionOf, type FormatGuess, type PluginWithFacet } from '@sluice/sdk';

/** A parser that detects its format: every installed plugin with the `detect` facet. */
export type Detector = PluginWithFacet<'detect'>;

export type Detection =
  | { kind: 'format'; plugin: Detector; format: string; from: string; options?: FormatGuess['options'] }
  | { kind: 'compressed'; compression: Compression }
  | { kind: 'unknown'; why: string };

/** The detector whose extensions a file's name claims, or undefined. */
export function detectorOfName(name: string, detectors: readonly Detector[]): Detector | undefined {
  const ext = extensionOf(name);
  return ext ? detectors.find((d) => d.detect.extensions.includes(ext)) : undefined;
}

/** The format a file's name claims, or null. */
export function formatOfName(name: string, detectors: readonly Detector[]): string | null {
  return detectorOfName(name, detectors)?.detect.format ?? null;
}

/**
 * The format of a file from its first bytes, then its name: compression first (gzip, zstd), then
 * every detector's guess, the surest winning (magic bytes over JSON structure over any text). The
 * name decides only a tie, or when the bytes cannot (an empty file): extensions are often wrong,
 * magic bytes are not. Each format's own rules live in its plugin's `detect`.
 */
export function detectFormat(head: Uint8Array, name: string, detectors: readonly Detector[]): Detection {
  const compression = detectCompression(head);
  if (compression) return { kind: 'compressed', compression };
  const byName = detectorOfName(name, detectors);
  if (head.length === 0 && byName) return { kind: 'format', plugin: byName, format: byName.detect.format, from: 'extension (the file is empty)' };
  let best: { plugin: Detector; guess: FormatGuess } | undefined;
  for (const plugin of detectors) {
    const guess = plugin.detect.sniff(head, name);
    if (!guess) continue;
    const beats = !best || guess.confidence > best.guess.confidence || (guess.confidence === best.guess.confidence && plugin === byName);
    if (beats) best = { plugin, guess };
  }
  const supported = [...detectors.map((d) => d.detect.format), 'gzip', 'zstd'].join(', ');
  if (!best) {
    const unicode = unicodeTextOf(head);
    if (unicode) return { kind: 'unknown', why: `${unicode} (supported: ${supported}; a UTF-16 file with a byte-order mark is read as CSV)` };
    const nul = head.indexOf(0);
    const what = nul >= 0 ? `binary data of no supported format (a NUL byte at offset ${nul}` : `content no installed parser recognises (`;
    return { kind: 'unknown', why: `${what}${nul >= 0 ? '; ' : ''}supported: ${supported})` };
  }
  const from = head.length === 0 ? 'default (the file is empty)' : best.guess.from;
  return { kind: 'format', plugin: best.plugin, format: best.plugin.detect.format, from, ...(best.guess.options ? { options: best.guess.options } : {}) };
}

/**
 * What a head that no parser claims looks like when it is UTF-16 or UTF-32 text, or null: a
 * UTF-32 byte-order mark, a UTF-16 one (text that no installed parser takes, e.g. holding NUL
 * characters), or no mark but a NUL in every other byte (UTF-16 of Latin text), so that the message
 * says UTF-16 rather than "binary data".
 */
export function unicodeTextOf(head: Uint8Array): string | null {
  const starts = (...b: number[]) => head.length >= b.length && b.every((x, i) => head[i] === x);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return 'UTF-32 text (a UTF-32 byte-order mark), which no installed parser reads: save it as UTF-8';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff))
    return 'UTF-16 text (a byte-order mark) that is not text any installed parser reads (it holds NUL or control characters)';
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  const order = oddNul >= pairs * 0.9 && evenNul === 0 ? 'little-endian' : evenNul >= pairs * 0.9 && oddNul === 0 ? 'big-endian' : null;
  return order
    ? `UTF-16 text without a byte-order mark (${order}, by its NUL bytes), which is not read: save it as UTF-8, or as UTF-16 with a byte-order mark`
    : null;
}
