import { describe, expect, it } from 'vitest';
import { identifier } from '@sluice/sdk/graph';
import { newNodeId } from './node-ids.ts';

describe('newNodeId', () => {
  it('numbers ids per type and skips taken ones', () => {
    expect(newNodeId('parse-csv', new Set())).toBe('parse-csv-1');
    expect(newNodeId('parse-csv', new Set(['parse-csv-1', 'parse-csv-2']))).toBe('parse-csv-3');
  });

  it('gives a valid identifier for scoped and odd type names', () => {
    for (const t of ['@acme/parse-foo', '9lives', '']) expect(identifier.safeParse(newNodeId(t, new Set())).success).toBe(true);
    expect(newNodeId('@acme/parse-foo', new Set())).toBe('parse-foo-1');
  });
});
