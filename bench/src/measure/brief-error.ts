/** The message lines of a crash, without stack frames, on one line. */
export function briefError(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !/^\^+$/.test(l) && !l.startsWith('Node.js v') && !l.startsWith('node:internal'))
    .join(' ')
    .slice(0, 600);
}
