import { GetObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { type S3Server, startS3Server } from '@sluice/testing/s3';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
let s3: S3Server;
let client: S3Client;
let bucket: string;
let graphId: string;

let target: Server;
let targetOrigin: string;
const targetRequests: string[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
  // The runtime reads SLUICE_ALLOWED_ENDPOINTS once at start; the test server listed itself there.
  t = await openTestApp({ env: { SLUICE_ALLOWED_ENDPOINTS: process.env.SLUICE_ALLOWED_ENDPOINTS ?? '' } });
  // Stands for a service on the runtime's machine that a graph should not reach (SSRF).
  target = createServer((req, res) => {
    targetRequests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end();
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetOrigin = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  bucket = await s3.newBucket('upload');
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  // The node names its credentials; their values live in the runtime's credential store.
  await t.call('PUT', '/api/credentials/upload_key_id', { value: s3.accessKeyId });
  await t.call('PUT', '/api/credentials/upload_secret', { value: s3.secretAccessKey });
  const s3Node = (extra: Record<string, unknown>) =>
    node('source-s3', { bucket, prefix: 'incoming/', patterns: ['*.csv'], endpoint: s3.endpoint, forcePathStyle: true, ...extra });
  const doc = graph('Bucket uploads', {
    src: s3Node({ accessKeyId: 'upload_key_id', secretAccessKey: 'upload_secret' }),
    wrongKey: s3Node({ accessKeyId: 'upload_key_id', secretAccessKey: 'upload_key_id' }),
    internal: s3Node({ accessKeyId: 'upload_key_id', secretAccessKey: 'upload_secret', endpoint: targetOrigin }),
  });
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
}, 300_000);
afterAll(async () => {
  await new Promise<void>((r) => (target ? target.close(() => r()) : r()));
  client?.destroy();
  await t?.close();
});

async function upload(name: string, bytes: Uint8Array | string, query = '', app = t.app, nodeId = 'src') {
  const f = new FormData();
  f.append('file', new File([bytes], name));
  const res = await t.request(`/api/graphs/${graphId}/nodes/${nodeId}/upload${query}`, { method: 'POST', body: f }, {}, app);
  return { status: res.status, body: (await res.json()) as any };
}

const objectText = async (key: string) => (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

describe('upload into a source-s3 node (real Ceph RGW)', () => {
  it('puts the file under the prefix with the named credentials, refuses to replace it unless asked, and lists it', async () => {
    const r = await upload('orders.csv', 'id\n1\n');
    expect(r).toEqual({ status: 201, body: { node: 'src', key: 'incoming/orders.csv', size: 5, warnings: [] } });
    expect(await objectText('incoming/orders.csv')).toBe('id\n1\n');

    const again = await upload('orders.csv', 'id\n2\n');
    expect(again.status).toBe(409);
    expect(again.body.error).toBe(`file: s3://${bucket}/incoming/orders.csv already exists; send ?overwrite=true to replace it`);
    expect((await upload('orders.csv', 'id\n2\n', '?overwrite=true')).status).toBe(201);
    expect(await objectText('incoming/orders.csv')).toBe('id\n2\n');

    const listed = await t.call('GET', `/api/graphs/${graphId}/nodes/src/files`);
    expect(listed.body.items).toEqual([{ key: 'incoming/orders.csv', size: 5, modifiedAt: expect.any(String) }]);
  });

  it('streams a file of several parts as a multipart upload', async () => {
    const big = new Uint8Array(20 * 1024 * 1024).map((_, i) => i % 251);
    const r = await upload('big.csv', big);
    expect(r.body).toMatchObject({ key: 'incoming/big.csv', size: big.length });
    const got = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'incoming/big.csv' }))).Body!.transformToByteArray();
    expect(Buffer.compare(Buffer.from(got), Buffer.from(big))).toBe(0);
  }, 60_000);

  it('stops an oversized file with 413 and leaves no object and no unfinished multipart upload', async () => {
    const small = createApp({ store: t.temp.store, registry: t.registry, runs: t.runs, access: t.access, version: 'test', uploadMaxBytes: 9 * 1024 * 1024 });
    const r = await upload('huge.csv', new Uint8Array(12 * 1024 * 1024), '', small);
    expect(r.status).toBe(413);
    await expect(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'incoming/huge.csv' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  }, 60_000);

  it('names the cause when the credentials are wrong', async () => {
    const r = await upload('x.csv', 'x', '', t.app, 'wrongKey');
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(new RegExp(`^nodeId: cannot write s3://${bucket}/incoming/x\\.csv: access denied`));
  });

  it('refuses a node whose endpoint is an unlisted address of this machine, before any request reaches it', async () => {
    const r = await upload('x.csv', 'x', '', t.app, 'internal');
    expect(r.status).toBe(422);
    expect(r.body.error).toBe(
      `nodeId: cannot connect to s3://${bucket}: endpoint ${targetOrigin} is not allowed: it is a loopback, private, link-local or metadata address, or resolves to one. Only the runtime's SLUICE_ALLOWED_ENDPOINTS setting (','-separated origins such as http://127.0.0.1:7480) can allow such an endpoint`,
    );
    expect(targetRequests).toEqual([]);
  });
});
