import { definePlugin } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PluginRegistry } from './plugin-registry.ts';

/** Version 2 renamed `sep` to `delimiter`; configs saved by version 1 are brought up to date. */
const parseV2 = definePlugin({
  type: 'parse-thing',
  version: 2,
  category: 'parse',
  title: 'Parse thing',
  description: 'A plugin whose config changed between versions',
  config: z.strictObject({ delimiter: z.string().length(1).default(',') }),
  upgradeConfig(config, from) {
    if (from === 1) {
      if (config.sep === '??') throw new Error('"??" was never a valid separator');
      const { sep, ...rest } = config;
      return { ...rest, delimiter: sep };
    }
    return config;
  },
  inputs: { files: { kind: 'files', title: 'Files', required: false } },
  outputs: { table: { kind: 'table', title: 'Rows' } },
  async run() {},
});

describe('PluginRegistry', () => {
  const registry = new PluginRegistry([]).extend([parseV2], { name: 'acme-things', version: '2.1.0' });

  it('describes types for the editor, with their package', () => {
    expect(registry.list()).toEqual([
      expect.objectContaining({ type: 'parse-thing', version: 2, defaults: { delimiter: ',' }, package: { name: 'acme-things', version: '2.1.0' } }),
    ]);
    expect(registry.list()[0]!.configSchema).toMatchObject({ type: 'object', properties: { delimiter: { type: 'string' } } });
  });
});
