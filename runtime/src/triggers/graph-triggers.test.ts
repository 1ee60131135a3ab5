import type { GraphDocument, TriggerSettings } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { graphTriggersOf } from './graph-triggers.ts';
import { TriggerIndex } from './trigger-index.ts';
import { installedPlugins } from '../plugins/installed-plugins.ts';

/** The built-in plugins: which sources watch buckets is theirs to say. */
const plugins = await installedPlugins();

function doc(triggers: TriggerSettings, nodes: GraphDocument['nodes'] = {}): GraphDocument {
  return { format: 'sluice-graph', version: 1, name: 'g', settings: { triggers }, nodes, edges: [] };
}
const s3Node = (config: Record<string, unknown>) => ({ type: 'source-s3', typeVersion: 1, position: { x: 0, y: 0 }, config });

describe('graphTriggersOf', () => {
  it('matches keys as source-s3 does: under the prefix, patterns on the rest, defaults applied', () => {
    const g = graphTriggersOf(
      'g',
      1,
      doc({ bucketEvents: { enabled: true } }, { a: s3Node({ bucket: 'b', prefix: 'in/', patterns: ['*.csv', '!tmp_*'] }), all: s3Node({ bucket: 'c' }) }),
      plugins,
    );
    const [a, all] = g.s3Watches;
    expect([a!.takes('in/x.csv'), a!.takes('in/deep/x.csv'), a!.takes('in/tmp_x.csv'), a!.takes('out/x.csv'), a!.takes('in/x.json')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([all!.prefix, all!.takes('any/key.bin')]).toEqual(['', true]);
    expect(g.problems).toEqual([]);
  });

  it('watches nothing for a disabled source: its runs would not read it', () => {
    const off = { ...s3Node({ bucket: 'b' }), disabled: true };
    const g = graphTriggersOf('g', 1, doc({ bucketEvents: { enabled: true } }, { on: s3Node({ bucket: 'a' }), off }), plugins);
    expect(g.s3Watches.map((w) => w.nodeId)).toEqual(['on']);
  });

  it('names what cannot work: events on without an S3 source, a source config without a bucket', () => {
    expect(graphTriggersOf('g', 1, doc({ bucketEvents: { enabled: true } }), plugins).problems).toEqual([
      expect.stringMatching(/enabled, but the graph has no source-s3 node/),
    ]);
    expect(graphTriggersOf('g', 1, doc({}, { s: s3Node({ prefix: 'x' }) }), plugins).problems).toEqual([
      expect.stringMatching(/node "s": the S3 source config has no valid bucket/),
    ]);
  });
});

describe('TriggerIndex', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTestStore('sluice-trigger-index-');
  });
  afterEach(() => temp.dispose());

  it('flags two graphs that claim one webhook path, and forgets a deleted graph', async () => {
    const hook = { enabled: true, path: 'same', auth: 'bearer' as const, secretRef: 's' };
    const a = await temp.store.graphs.create(doc({ webhook: hook }));
    const b = await temp.store.graphs.create(doc({ webhook: hook }));
    const index = new TriggerIndex(temp.store.graphs, plugins);
    expect((await index.hooked('same')).map((g) => g.graphId).sort()).toEqual([a.id, b.id].sort());
    expect((await index.all()).find((g) => g.graphId === a.id)!.problems).toEqual([expect.stringMatching(/also the path of graph/)]);
    await temp.store.graphs.delete(b.id);
    expect((await index.hooked('same')).map((g) => g.graphId)).toEqual([a.id]);
    expect((await index.all())[0]!.problems).toEqual([]);
  });
});
