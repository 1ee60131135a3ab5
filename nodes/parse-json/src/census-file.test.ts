import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { censusFile } from './census-file.ts';
import type { ShapeOptions } from './shape-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'census-file-'));
const opts: ShapeOptions = { maxDepth: 10, separator: '_', arrays: 'json', types: 'strings' };
const coerced = async (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return (await censusFile(join(dir, name), opts)).coerced;
};

describe('censusFile', () => {
  // Lines of 100 bytes: 50,000 of them pass the 4 MiB piece, so lines are cut across pieces.
  const clean = `${'{"a":[1,2],"s":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}\n'.repeat(50_000)}`;

  it('reads a file larger than its buffer in pieces of whole lines', async () => {
    expect(await coerced('clean.jsonl', clean)).toBe(false);
    expect(await coerced('last.jsonl', `${clean}{"a":[true]}`)).toBe(true);
  });

  it('reads a line longer than its buffer whole', async () => {
    const long = `{"s":"${'y'.repeat(5 * 1024 * 1024)}","a":[1]}\n`;
    expect(await coerced('long.jsonl', `${long}{"a":[2]}\n`)).toBe(false);
    expect(await coerced('long-mixed.jsonl', `${long}{"a":["z"]}\n`)).toBe(true);
  });
});
