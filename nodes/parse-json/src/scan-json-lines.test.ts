import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExprCache } from './expr-cache.ts';
import { parseJsonBytes } from './parse-json-bytes.ts';
import type { ParseJsonOptions } from './parse-json-bytes.ts';
import { scanJsonLines } from './scan-json-lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'scan-json-lines-'));
const opts: ParseJsonOptions = { format: 'auto', maxDepth: 10, separator: '_', arrays: 'explode', types: 'strings', badLines: 'fail' };
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('scanJsonLines', () => {
  it('gives the same rows as the in-memory path', () => {
    const text = '{"id":1,"u":{"n":"a","g":{"x":1}},"tags":["p","q"]}\r\n\n{"id":2,"u":null,"tags":[],"late":true}\n';
    const lazy = scanJsonLines(write('same.jsonl', text), opts, new ExprCache())!.frame.collectSync().toRecords();
    const memory = parseJsonBytes(Buffer.from(text), 'same.jsonl', opts)!.frame.collectSync().toRecords();
    expect(lazy).toEqual(memory);
    expect(lazy).toHaveLength(3);
  });

  it('declines a file with a bad line, so the bad-line policy can apply', () => {
    expect(scanJsonLines(write('bad.jsonl', '{"a":1}\n{"a":\n'), opts, new ExprCache())).toBeNull();
  });
});
