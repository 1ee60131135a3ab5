import { definePlugin, type GraphDocument } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PluginRegistry } from '@sluice/engine';
import { checkGraph } from './check-graph.ts';

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

const doc = (typeVersion: number, config: Record<string, unknown>): GraphDocument => ({
  format: 'sluice-graph',
  version: 1,
  name: 'g',
  nodes: { p: { type: 'parse-thing', typeVersion, position: { x: 0, y: 0 }, config } },
  edges: [],
});

describe('checkGraph with versioned plugins', () => {
  const registry = new PluginRegistry([]).extend([parseV2], { name: 'acme-things', version: '2.1.0' });

  it('upgrades configs saved by an older version before checking them', () => {
    const r = checkGraph(doc(1, { sep: ';' }), registry);
    expect(r.ok && r.doc.nodes.p).toMatchObject({ typeVersion: 2, config: { delimiter: ';' } });
    // Without the upgrade, the old field would be refused as unknown.
    expect(checkGraph(doc(2, { sep: ';' }), registry)).toMatchObject({ ok: false, stage: 'plan' });
  });

  it('reports an upgrade that fails, and a node made by a newer version, by path', () => {
    expect(checkGraph(doc(1, { sep: '??' }), registry)).toMatchObject({
      ok: false,
      problems: [
        {
          path: ['nodes', 'p', 'config'],
          message: expect.stringMatching(/cannot upgrade the config of node "p" from version 1 to 2 of "parse-thing": "\?\?" was never/),
        },
      ],
    });
    expect(checkGraph(doc(3, {}), registry)).toMatchObject({
      ok: false,
      problems: [{ path: ['nodes', 'p', 'typeVersion'], message: expect.stringMatching(/newer than the installed version 2/) }],
    });
  });
});
