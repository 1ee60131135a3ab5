import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server } from '@sluice/testing/s3';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
let client: S3Client;
let graphId: string;
let gzGraphId: string;

beforeAll(async () => {
  const s3 = await startS3Server();
  // The runtime reads SLUICE_ALLOWED_ENDPOINTS once at start; the test server listed itself there.
  t = await openTestApp({ env: { SLUICE_ALLOWED_ENDPOINTS: process.env.SLUICE_ALLOWED_ENDPOINTS ?? '' } });
  const bucket = await s3.newBucket('preview');
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const put = (key: string, body: string | Buffer) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  await put('incoming/codes.txt', 'AB12\nCD34\n');
  await put('incoming/sales.csv.gz', gzipSync('region,amount\nnorth,10\nsouth,20\n'));
  await t.call('PUT', '/api/credentials/preview_key_id', { value: s3.accessKeyId });
  await t.call('PUT', '/api/credentials/preview_secret', { value: s3.secretAccessKey });
  const doc = graph(
    'Bucket preview',
    {
      src: node('source-s3', {
        bucket,
        prefix: 'incoming/',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        accessKeyId: 'preview_key_id',
        secretAccessKey: 'preview_secret',
      }),
      fw: node(
        'parse-fixed-width',
        {
          columns: [
            { name: 'letters', start: 0, width: 2 },
            { name: 'digits', start: 2, width: 2 },
          ],
        },
        200,
      ),
    },
    [['src', 'files', 'fw', 'files']],
  );
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
  const gz = graph(
    'Bucket preview through decompress and checkpoint',
    {
      src: node('source-s3', {
        bucket,
        prefix: 'incoming/',
        mode: 'incremental',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        accessKeyId: 'preview_key_id',
        secretAccessKey: 'preview_secret',
      }),
      unzip: node('decompress', {}, 200),
      seen: node('checkpoint', {}, 400),
      csv: node('parse-csv', {}, 600),
    },
    [
      ['src', 'files', 'unzip', 'files'],
      ['unzip', 'files', 'seen', 'files'],
      ['seen', 'files', 'csv', 'files'],
    ],
  );
  gzGraphId = (await t.call('POST', '/api/graphs', { document: gz })).body.id;
}, 300_000);
afterAll(async () => {
  client?.destroy();
  await t?.close();
});

async function preview(body: object) {
  const res = await t.request('/api/preview', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /api/preview of a source-s3 file (real Ceph RGW)', () => {
  it('reads the object after the source listed it, parsed by the parse node after the source', async () => {
    const r = await preview({ graphId, nodeId: 'src', key: 'incoming/codes.txt' });
    expect(r.body.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.body.rows).toEqual([
      { letters: 'AB', digits: '12' },
      { letters: 'CD', digits: '34' },
    ]);
  });

  it('runs the file through the nodes before the parse node (decompress), and records no checkpoint or watermark', async () => {
    const r = await preview({ graphId: gzGraphId, nodeId: 'src', key: 'incoming/sales.csv.gz', rows: 1 });
    expect(r.body.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.body.format).toBe('csv');
    expect(r.body.schema.map((c: { name: string }) => c.name)).toEqual(['region', 'amount']);
    expect(r.body.rows).toHaveLength(1);
    const store = t.temp.store.nodeStore(gzGraphId);
    expect(await store.checkpoints.get('src', 'incoming/sales.csv.gz')).toBeUndefined();
    expect(await store.checkpoints.getWatermark('src')).toBeUndefined();
  });

  it('answers 400 naming the key of an object that is not there', async () => {
    const r = await preview({ graphId, nodeId: 'src', key: 'incoming/nope.txt' });
    expect(r.status).toBe(400);
    expect(r.body.problems[0].path).toEqual(['key']);
  });
});
