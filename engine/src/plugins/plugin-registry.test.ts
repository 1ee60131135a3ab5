import { definePlugin } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PluginRegistry } from './plugin-registry.ts';

/** A parser at version 2 of its config, from a third-party package. */
const parseV2 = definePlugin({
  type: 'parse-thing',
  version: 2,
  category: 'parse',
  title: 'Parse thing',
  description: 'A parser with one option',
  config: z.strictObject({ delimiter: z.string().length(1).default(',') }),
  inputs: { files: { kind: 'files', title: 'Files' } },
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
