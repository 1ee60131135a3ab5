/**
 * S3 lists keys in the order of their UTF-8 bytes, which is the order of their code points. A
 * JavaScript comparison (`<`) orders UTF-16 code units instead, and puts a code point above U+FFFF
 * (a surrogate pair, D800–DFFF) before U+E000–U+FFFF: `'\u{1F600}' < '\uFF01'`, while S3 puts it
 * after. Negative when `a` comes first, 0 when equal, positive when `b` comes first.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xPair = x >= 0xd800 && x <= 0xdfff;
    const yPair = y >= 0xd800 && y <= 0xdfff;
    // A surrogate starts a code point above U+FFFF: after any other code unit.
    if (xPair !== yPair) return xPair ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The first key after every key under `folder` (a common prefix, ending in "/"): the folder with its
 * "/" turned into "0", the next character. A key sorts at or after `folder` and before this exactly
 * when it starts with `folder`.
 */
export function folderEnd(folder: string): string {
  if (!folder.endsWith('/')) throw new Error(`"${folder}" is not a folder (a common prefix ending in "/")`);
  return `${folder.slice(0, -1)}0`;
}
