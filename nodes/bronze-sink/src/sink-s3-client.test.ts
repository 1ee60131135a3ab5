import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { EndpointNotAllowedError, EndpointUnreachableError } from '@sluice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bronzeSinkConfig } from './bronze-sink-config.ts';
import { sinkS3Client } from './sink-s3-client.ts';

/** A TCP listener that takes every connection and never says a word: a hung store. */
let server: Server;
let origin: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  return new Promise<void>((r) => server.close(() => r()));
});

const keys: Record<string, string> = { HUNG_KEY: 'AKIAHUNG', HUNG_SECRET: 'hung-secret' };
const secrets = { get: async (name: string) => keys[name] };
const config = (extra: Record<string, unknown> = {}) =>
  bronzeSinkConfig.parse({
    root: 's3://lake/bronze',
    table: 't',
    endpoint: origin,
    forcePathStyle: true,
    accessKeyId: 'HUNG_KEY',
    secretAccessKey: 'HUNG_SECRET',
    ...extra,
  });

describe("the sink's S3 client", () => {
  it('fails on a store that accepts and never answers, with the one unreachable message, within its request timeout', async () => {
    const client = await sinkS3Client(config({ requestTimeoutSeconds: 1, maxAttempts: 1 }), {
      secrets,
      access: { inputRoots: [], outputRoots: [], allowedEndpoints: [origin] },
    });
    const started = Date.now();
    try {
      const err = await client.send(new ListObjectsV2Command({ Bucket: 'lake' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EndpointUnreachableError);
      expect((err as Error).message).toBe(
        `no usable answer from ${origin} (the host may be unknown or unreachable, the connection refused, dropped or timed out, or the service not the one expected)`,
      );
    } finally {
      client.destroy();
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sockets.length).toBeGreaterThan(0);
  });

  it('has timeouts by default (15 s to connect, 120 s silent), and refuses timeouts out of range', () => {
    expect(config()).not.toHaveProperty('requestTimeoutSeconds');
    for (const bad of [
      { requestTimeoutSeconds: 0 },
      { requestTimeoutSeconds: 3601 },
      { connectTimeoutSeconds: 0.5 },
      { maxAttempts: 0 },
      { requestTimeoutSeconds: '1' },
    ]) {
      expect(bronzeSinkConfig.safeParse({ root: 's3://lake/b', table: 't', ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('still refuses a private endpoint that is not allowed, whatever its timeouts, before any connection', async () => {
    const before = sockets.length;
    await expect(
      sinkS3Client(config({ requestTimeoutSeconds: 1, connectTimeoutSeconds: 1 }), {
        secrets,
        access: { inputRoots: [], outputRoots: [], allowedEndpoints: [] },
      }),
    ).rejects.toBeInstanceOf(EndpointNotAllowedError);
    expect(sockets.length).toBe(before);
  });
});
