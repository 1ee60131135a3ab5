import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from './generate.ts';

const here = new URL('.', import.meta.url).pathname;
const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

describe('gzip-csv-to-bronze generator', () => {
  it('reproduces the committed input and expected.json byte for byte (seeded)', () => {
    const out = mkdtempSync(join(tmpdir(), 'sluice-gen-'));
    generate(out);
    expect(files(join(out, 'input'))).toEqual(files(join(here, 'input')));
    for (const f of files(join(out, 'input')).filter((f) => f.includes('.'))) {
      expect(readFileSync(join(out, 'input', f)).equals(readFileSync(join(here, 'input', f))), f).toBe(true);
    }
    expect(readFileSync(join(out, 'expected.json'), 'utf8')).toBe(readFileSync(join(here, 'expected.json'), 'utf8'));
  });
});
