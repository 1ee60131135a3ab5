import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { BackslashEscapes } from './backslash-escapes.ts';
import { type NullMarkerRewrite, NullMarkers } from './null-markers.ts';
import type { CsvEncoding } from './csv-config.ts';
import type { Utf16Encoding } from './sniff-csv.ts';
import { Utf16ToUtf8 } from './utf16.ts';

export interface Rewrite {
  /** Transcode from this encoding to UTF-8 (polars reads only UTF-8). */
  encoding: CsvEncoding | Utf16Encoding;
  /** Rewrite backslash escapes of this quote character into doubled quotes. */
  backslashQuote: number | null;
  /** Apply the null markers to unquoted fields in the bytes (see null-markers.ts), or null. */
  nullMarkers: NullMarkerRewrite | null;
}

/** Whether the bytes must be rewritten before polars can read them (otherwise: zero copies). */
export function needsRewrite(r: Rewrite): boolean {
  return r.encoding !== 'utf-8' || r.backslashQuote !== null || r.nullMarkers !== null;
}

/**
 * Streams `src` into `dest` as UTF-8 with doubled-quote escapes (and null markers applied to
 * unquoted fields, when asked): one pass, bounded memory
 * (a few 64 KiB chunks), whatever the file size.
 */
export async function normalizeCsv(src: Readable, dest: string, r: Rewrite, signal?: AbortSignal): Promise<void> {
  const stages: NodeJS.ReadWriteStream[] = [];
  if (r.encoding === 'utf-16le' || r.encoding === 'utf-16be') stages.push(new Utf16ToUtf8(r.encoding));
  else if (r.encoding !== 'utf-8') stages.push(iconv.decodeStream(r.encoding), iconv.encodeStream('utf-8'));
  if (r.backslashQuote !== null) stages.push(new BackslashEscapes(r.backslashQuote));
  if (r.nullMarkers) stages.push(new NullMarkers(r.nullMarkers));
  await pipeline([src, ...stages, createWriteStream(dest)], signal ? { signal } : {});
}
