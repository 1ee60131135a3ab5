/** Lone UTF-16 surrogate escapes in JSON text: how many, and the first as written. */
export interface LoneSurrogates {
  count: number;
  first: string;
}

function hexAt(buf: Buffer, at: number): number {
  const hex = buf.toString('latin1', at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}

/**
 * Finds `\uD800`-`\uDFFF` escapes that are not a high-low pair (`"\ud800"` alone is valid JSON but
 * no UTF-8 text can hold it: polars reads it as U+0000, JavaScript as a lone surrogate that becomes
 * U+FFFD in a polars string, and that `JSON.stringify` writes back as the escape). One native search
 * when the file has no such escape at all.
 */
export function loneSurrogates(buf: Buffer): LoneSurrogates | null {
  if (buf.indexOf('\\ud') < 0 && buf.indexOf('\\uD') < 0) return null;
  let count = 0;
  let first = '';
  for (let i = buf.indexOf('\\u'); i >= 0; i = buf.indexOf('\\u', i + 2)) {
    let slashes = 0;
    while (buf[i - 1 - slashes] === 0x5c) slashes++;
    if (slashes % 2 === 1) continue; // `\\u...`: an escaped backslash, then the letter u
    const unit = hexAt(buf, i + 2);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (unit <= 0xdbff && buf[i + 6] === 0x5c && buf[i + 7] === 0x75) {
      const low = hexAt(buf, i + 8);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i += 6; // a pair: skip its low half
        continue;
      }
    }
    if (!count) first = buf.toString('latin1', i, i + 6);
    count++;
  }
  return count ? { count, first } : null;
}
