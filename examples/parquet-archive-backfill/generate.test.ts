import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesBelow, generatedDifferences } from '@sluice/run-examples';
import { describe, expect, it } from 'vitest';
import { archiveFiles, CODECS, FILES, generate } from './generate.ts';

const here = new URL('.', import.meta.url).pathname;

describe('parquet-archive-backfill generator', () => {
  it('reproduces the committed archive, graph.json and expected.json byte for byte (seeded)', () => {
    const out = mkdtempSync(join(tmpdir(), 'sluice-gen-parquet-'));
    generate(out);
    expect(generatedDifferences(here, out, ['archive', 'graph.json', 'expected.json'])).toEqual([]);
  });

  it('keeps 100 tiny files, every codec used, the archive well under 1 MB', () => {
    const files = archiveFiles();
    expect(files).toHaveLength(FILES);
    expect(new Set(files.map((f) => f.codec))).toEqual(new Set(CODECS));
    const sizes = filesBelow(join(here, 'archive')).map((f) => statSync(join(here, 'archive', f)).size);
    expect(sizes).toHaveLength(FILES);
    expect(Math.max(...sizes)).toBeLessThan(8 * 1024);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(512 * 1024);
  });
});
