import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DETECTION_CONFIDENCE, extensionOf } from './format-detection.ts';
import { definePlugin, type AnyNodePlugin } from './node-plugin.ts';
import { pluginCatalog } from './plugin-catalog.ts';

const parser = (type: string, detects: boolean): AnyNodePlugin =>
  definePlugin({
    type,
    version: 1,
    category: 'parse',
    title: type,
    description: type,
    config: z.object({}),
    inputs: { files: { kind: 'files', title: 'Files' } },
    outputs: { table: { kind: 'table', title: 'Table' } },
    ...(detects ? { detect: { format: type, extensions: [type], sniff: () => ({ confidence: DETECTION_CONFIDENCE.text, from: 'test' }) } } : {}),
    async run() {},
  });

describe('pluginCatalog', () => {
  it('finds plugins by facet, ordered by type, never by name', () => {
    const catalog = pluginCatalog([parser('parse-z', true), parser('parse-plain', false), parser('parse-a', true)]);
    expect(catalog.withFacet('detect').map((p) => p.type)).toEqual(['parse-a', 'parse-z']);
    expect(catalog.withFacet('detect')[0]!.detect.format).toBe('parse-a');
    expect(catalog.withFacet('autoDetects')).toEqual([]);
  });

  it("reads a name's extension in lower case", () => {
    expect(extensionOf('a.TSV')).toBe('tsv');
    expect(extensionOf('README')).toBeNull();
  });
});
