import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './config-schema.ts';
import { withFormatOptions } from './format-options-schema.ts';
import { definePlugin } from './node-plugin.ts';
import { pluginCatalog } from './plugin-catalog.ts';

const csvLike = definePlugin({
  type: 'parse-csvish',
  version: 1,
  category: 'parse',
  title: 'CSV-ish',
  description: 'test',
  config: z.object({ delimiter: z.enum([',', 'auto']).default(','), skipRows: z.number().default(0) }),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { table: { kind: 'table', title: 'Table' } },
  detect: { format: 'csvish', extensions: ['csv'], autoOptions: { delimiter: 'auto' }, sniff: () => undefined },
  async run() {},
});

describe('withFormatOptions', () => {
  it("adds each detecting parser's form under its format, with its autoOptions as defaults", () => {
    const base = configJsonSchema(z.object({ format: z.string().default('auto') }));
    const schema = withFormatOptions(base, pluginCatalog([csvLike]).withFacet('detect'));
    const props = schema.properties as Record<string, { title?: string; properties?: Record<string, { default?: unknown }> }>;
    expect(Object.keys(props)).toEqual(['format', 'csvish']);
    expect(props.csvish!.title).toBe('csvish options');
    expect(props.csvish!.properties!.delimiter!.default).toBe('auto');
    expect(props.csvish!.properties!.skipRows!.default).toBe(0);
  });
});
