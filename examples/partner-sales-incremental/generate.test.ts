import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedDifferences } from '@sluice/run-examples';
import { describe, expect, it } from 'vitest';
import { generate } from './generate.ts';

const here = new URL('.', import.meta.url).pathname;

describe('partner-sales-incremental generator', () => {
  it('reproduces the committed input, arriving files, graph.json and expected.json byte for byte (seeded)', () => {
    const out = mkdtempSync(join(tmpdir(), 'sluice-gen-partner-'));
    generate(out);
    expect(generatedDifferences(here, out, ['input', 'arriving', 'graph.json', 'expected.json'])).toEqual([]);
  });
});
