import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BackslashEscapes } from './backslash-escapes.ts';

async function rewrite(input: string, quote = '"', chunk = 3): Promise<string> {
  const parts: Buffer[] = [];
  const bytes = Buffer.from(input, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: Buffer[] = [];
  for await (const c of Readable.from(parts).pipe(new BackslashEscapes(quote.charCodeAt(0)))) out.push(c as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('BackslashEscapes', () => {
  it('turns \\" into "" and \\\\ into \\ inside quotes, across chunk boundaries', async () => {
    for (const chunk of [1, 2, 3, 64]) {
      expect(await rewrite('a,"say \\"hi\\"",c\n', '"', chunk)).toBe('a,"say ""hi""",c\n');
      expect(await rewrite('"C:\\\\temp\\\\x",2\n', '"', chunk)).toBe('"C:\\temp\\x",2\n');
    }
  });

  it('keeps backslashes outside quotes and before other characters, and multi-byte text intact', async () => {
    expect(await rewrite('\\N,"a\\nb","é\\"ü"\n')).toBe('\\N,"a\\nb","é""ü"\n');
  });

  it('works with a single-quote quote character', async () => {
    expect(await rewrite("'it\\'s',x\n", "'")).toBe("'it''s',x\n");
  });
});
