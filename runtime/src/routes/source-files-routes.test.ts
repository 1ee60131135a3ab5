import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
let graphId: string;
beforeAll(async () => {
  t = await openTestApp();
  // In the data folder's landing area, an input root by default (uploads land there too).
  const input = join(t.temp.dir, 'landing', 'drop');
  mkdirSync(input);
  for (const n of ['a', 'b', 'c']) writeFileSync(join(input, `${n}.csv`), `${n},${n}\n`);
  writeFileSync(join(input, 'skip.txt'), 'not listed\n');
  const doc = graph(
    'Listed',
    {
      src: node('source-local', { folder: 'landing/drop', patterns: ['*.csv'], mode: 'incremental' }),
      empty: node('source-local', { folder: 'landing/drop', patterns: ['*.parquet'] }),
      missing: node('source-local', { folder: 'landing/gone', patterns: ['*.csv'] }),
      unzip: node('decompress'),
    },
    [['src', 'files', 'unzip', 'files']],
  );
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
});
afterAll(() => t.close());

const files = (nodeId: string, query = '') => t.call('GET', `/api/graphs/${graphId}/nodes/${nodeId}/files${query}`);

describe('GET /api/graphs/{id}/nodes/{nodeId}/files', () => {
  it('lists the matching files through the source itself, stops at the limit, and moves no watermark', async () => {
    const all = await files('src');
    expect(all.status).toBe(200);
    expect(all.body.truncated).toBe(false);
    expect(all.body.items.map((i: { key: string }) => i.key).sort()).toEqual(['a.csv', 'b.csv', 'c.csv']);
    expect(all.body.items[0]).toEqual({ key: expect.any(String), size: 4, modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const two = await files('src', '?limit=2');
    expect(two.body.items).toHaveLength(2);
    expect(two.body.truncated).toBe(true);
    // A complete listing of an incremental source would store a watermark if closed as a run.
    expect(await t.temp.store.nodeStore(graphId).checkpoints.getWatermark('src')).toBeUndefined();
  });

  it('lists an uploaded file right after the upload', async () => {
    const f = new FormData();
    f.append('file', new File(['d,d\n'], 'd.csv'));
    expect((await t.request(`/api/graphs/${graphId}/nodes/src/upload`, { method: 'POST', body: f })).status).toBe(201);
    expect((await files('src')).body.items.map((i: { key: string }) => i.key)).toContain('d.csv');
  });

  it('gives the source warnings, and names bad requests', async () => {
    expect((await files('empty')).body).toEqual({ items: [], truncated: false, warnings: [expect.stringMatching(/^no file in .*drop matches \*\.parquet$/)] });
    const missing = await files('missing');
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/^nodeId: source "missing" \(source-local\) cannot list its files: folder "landing\/gone" .* does not exist/);
    expect((await files('unzip')).status).toBe(422);
    expect((await files('ghost')).status).toBe(404);
    expect((await t.call('GET', '/api/graphs/nope/nodes/src/files')).status).toBe(404);
    const bad = await files('src', '?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].path).toEqual(['limit']);
  });
});
