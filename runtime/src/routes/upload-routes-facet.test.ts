import { Readable } from 'node:stream';
import { defineFileSource, LandingError, sourceFields } from '@sluice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../app.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

/** A third-party source the host knows nothing of: files in memory, and the upload facet. */
const drop = new Map<string, string>();
const memoryDrop = defineFileSource(
  {
    type: 'memory-drop',
    version: 1,
    title: 'Memory drop',
    description: 'Files kept in memory (a test plugin with the upload facet).',
    config: z.strictObject({
      patterns: sourceFields.patterns,
      maxFileSize: sourceFields.maxFileSize,
      mode: sourceFields.mode,
      lookbackSeconds: sourceFields.lookbackSeconds,
    }),
    connect: async () => drop,
    where: () => 'memory://drop/',
    nameOf: (_m, key) => `memory://drop/${key}`,
    uri: (_m, key) => `memory://drop/${key}`,
    async *list() {},
    async *stat() {},
    open: (_m, origin) => ({
      kind: 'file',
      origin,
      name: origin.key,
      size: origin.size,
      open: async () => Readable.from([]),
      localPath: () => Promise.reject(new Error('never read here')),
    }),
  },
  {
    uploads: {
      async land(_config, file, ctx) {
        if (drop.has(file.name) && !ctx.overwrite) throw new LandingError('exists', `"${file.name}" is already in the drop`);
        let text = '';
        for await (const chunk of file.stream) text += String(chunk);
        await file.finished;
        drop.set(file.name, text);
        return { key: `drop/${file.name}` };
      },
    },
  },
);

let t: TestApp;
let app: TestApp['app'];
let graphId: string;
beforeAll(async () => {
  t = await openTestApp();
  app = createApp({ store: t.temp.store, registry: t.registry.extend([memoryDrop]), runs: t.runs, access: t.access, version: 'test', uploadMaxBytes: 100 });
  graphId = (await t.temp.store.graphs.create(graph('Drop', { drop: node('memory-drop', { patterns: ['*.csv'] }) }))).id;
});
afterAll(() => t.close());

const upload = async (name: string, text: string, query = '') => {
  const res = await t.request(
    `/api/graphs/${graphId}/nodes/drop/upload?name=${name}${query}`,
    { method: 'POST', body: text, headers: { 'content-type': 'application/octet-stream' } },
    {},
    app,
  );
  return { status: res.status, body: (await res.json()) as any };
};

describe('uploads into a plugin the host does not know, through its upload facet', () => {
  it('lands the file, with the host counting bytes and warning about names the source would not list', async () => {
    expect(await upload('a.csv', 'x,y\n')).toEqual({ status: 201, body: { node: 'drop', key: 'drop/a.csv', size: 4, warnings: [] } });
    expect((await upload('b.txt', 'z')).body.warnings).toEqual(['"b.txt" does not match the patterns of "drop" (*.csv): a run will not pick it up']);
    expect(drop.get('a.csv')).toBe('x,y\n');
  });

  it("answers the plugin's refusal with 409, and holds it to the host's name and size rules", async () => {
    const again = await upload('a.csv', 'other');
    expect(again).toMatchObject({ status: 409, body: { problems: [{ path: ['file'], message: '"a.csv" is already in the drop' }] } });
    expect((await upload('..%2Fescape.csv', 'x')).status).toBe(400);
    expect((await upload('.hidden.csv', 'x')).status).toBe(400);
    const big = await upload('big.csv', 'x'.repeat(101));
    expect(big.status).toBe(413);
    expect(drop.has('big.csv')).toBe(false);
    expect([...drop.keys()].sort()).toEqual(['a.csv', 'b.txt']);
  });
});
