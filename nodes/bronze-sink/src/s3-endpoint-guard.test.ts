import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import { credentialEnvName, EndpointNotAllowedError, type GraphDocument } from '@sluice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bronzeSinkConfig } from './bronze-sink-config.ts';
import { sinkS3Client } from './sink-s3-client.ts';

/** Issue 12, finding 7 for the sink: a Bronze root on S3 whose endpoint is the runtime's own machine. */

let server: Server;
let origin: string;
const requests: IncomingHttpHeaders[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.headers);
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env[credentialEnvName('SINK_GUARD_KEY')] = 'AKIASINKGUARD';
  process.env[credentialEnvName('SINK_GUARD_SECRET')] = 'sink-guard-secret';
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const sinkFields = (endpoint: string) => ({
  root: 's3://lake/bronze',
  table: 't',
  endpoint,
  forcePathStyle: true,
  accessKeyId: 'SINK_GUARD_KEY',
  secretAccessKey: 'SINK_GUARD_SECRET',
});
const sinkConfig = (endpoint: string) => bronzeSinkConfig.parse(sinkFields(endpoint));
const secrets = { get: async (name: string) => process.env[credentialEnvName(name)] };

const graph = (endpoint: string): GraphDocument =>
  chainGraph('ssrf sink', [
    { id: 'src', type: 'source-local', config: { folder: 'in' } },
    { id: 'csv', type: 'parse-csv' },
    { id: 'sink', type: 'bronze-sink', config: sinkFields(endpoint) },
  ]);

describe('bronze-sink S3 endpoint guard', () => {
  it('refuses a Bronze root whose endpoint is 127.0.0.1 or resolves to it: no request, no signed credential reaches the listener', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-sink-guard-')));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'a.csv'), 'id\n1\n');
    for (const endpoint of [origin, origin.replace('127.0.0.1', 'localhost')]) {
      const run = await runTestGraph(graph(endpoint), { dataDir: join(dir, 'data'), graphDir: dir, access: { allowedEndpoints: [] } });
      expect(run.summary.status, endpoint).toBe('failed');
      expect(JSON.stringify(run.summary.errors), endpoint).toMatch(/endpoint http:\/\/(127\.0\.0\.1|localhost):\d+ is not allowed/);
    }
    expect(requests).toEqual([]);
  });

  it('refuses the metadata service and private networks when building the client', async () => {
    for (const endpoint of ['http://169.254.169.254', 'http://10.1.2.3:9000', 'http://[fd00::1]:9000']) {
      await expect(sinkS3Client(sinkConfig(endpoint), { secrets }), endpoint).rejects.toBeInstanceOf(EndpointNotAllowedError);
    }
  });

  it('calls a listed endpoint, and reports its non-S3 answer like any endpoint without an S3 answer', async () => {
    const client = await sinkS3Client(sinkConfig(origin), { secrets, access: { inputRoots: [], outputRoots: [], allowedEndpoints: [origin] } });
    try {
      const { HeadBucketCommand } = await import('@aws-sdk/client-s3');
      await expect(client.send(new HeadBucketCommand({ Bucket: 'lake' }))).rejects.toThrow(`no usable answer from ${origin}`);
      expect(requests.length).toBeGreaterThan(0);
    } finally {
      client.destroy();
    }
  });
});
