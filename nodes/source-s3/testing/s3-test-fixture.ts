import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { credentialEnvName, type GraphDocument, type RunAccess, type SecretResolver } from '@sluice/sdk';
import { S3TestProxy, startS3Server } from '@sluice/testing/s3';
import type { SourceS3Config } from '../src/source-s3-config.ts';

type S3Server = Awaited<ReturnType<typeof startS3Server>>;

/** Names of the credentials the test graphs refer to; the values sit in SLUICE_CREDENTIAL_<NAME> variables. */
export const KEY_ID_NAME = 'SLUICE_TEST_S3_KEY_ID';
export const SECRET_NAME = 'SLUICE_TEST_S3_SECRET';

/** For `beforeAll` of S3 tests: the first one starts the server, slow on a loaded machine. */
export const S3_SETUP_TIMEOUT_MS = 300_000;

/** A fresh bucket on the run's real S3 server, a client to fill it, and source configs for it. */
export interface S3Fixture {
  server: S3Server;
  bucket: string;
  client: S3Client;
  put(key: string, body: string | Buffer): Promise<void>;
  /** Puts many objects, `concurrency` at a time. */
  putMany(objects: Array<[key: string, body: string | Buffer]>, concurrency?: number): Promise<void>;
  /** A source-s3 config for this bucket (credentials by name), through `endpoint` when given (a proxy). */
  config(extra?: Partial<Record<keyof SourceS3Config, unknown>>, endpoint?: string): Record<string, unknown>;
  dispose(): void;
}

export async function s3Fixture(name: string): Promise<S3Fixture> {
  const server = await startS3Server();
  const bucket = await server.newBucket(name);
  process.env[credentialEnvName(KEY_ID_NAME)] = server.accessKeyId;
  process.env[credentialEnvName(SECRET_NAME)] = server.secretAccessKey;
  const client = new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
  const put = async (key: string, body: string | Buffer) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  };
  return {
    server,
    bucket,
    client,
    put,
    async putMany(objects, concurrency = 16) {
      let next = 0;
      const worker = async () => {
        while (next < objects.length) {
          const [key, body] = objects[next++]!;
          await put(key, body);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    },
    config: (extra = {}, endpoint = server.endpoint) => ({
      bucket,
      endpoint,
      region: server.region,
      forcePathStyle: true,
      accessKeyId: KEY_ID_NAME,
      secretAccessKey: SECRET_NAME,
      ...extra,
    }),
    dispose: () => client.destroy(),
  };
}

/** A fresh bucket, and the counting, fault-injecting proxy in front of its server (configs go through `proxy.endpoint`). */
export async function proxiedS3Fixture(name: string): Promise<{ fx: S3Fixture; proxy: S3TestProxy }> {
  const fx = await s3Fixture(name);
  return { fx, proxy: await new S3TestProxy(fx.server.endpoint).start() };
}

/** The run's resolver as the runtime builds it, for clients made outside a run: SLUICE_CREDENTIAL_<NAME> only. */
export const envSecrets: SecretResolver = { get: async (name) => process.env[credentialEnvName(name)] };

/** A RunAccess whose allowed endpoints are this process's SLUICE_ALLOWED_ENDPOINTS (the test server, its proxies). */
export function testAccess(): RunAccess {
  const allowedEndpoints = (process.env.SLUICE_ALLOWED_ENDPOINTS ?? '').split(',').filter(Boolean);
  return { inputRoots: [], outputRoots: [], allowedEndpoints };
}

/** A graph of nodes in a chain, each feeding the next through its first matching port. */
export function chain(name: string, nodes: Array<{ id: string; type: string; config: Record<string, unknown>; from?: string; to?: string }>): GraphDocument {
  const doc: GraphDocument = { format: 'sluice-graph', version: 1, name, nodes: {}, edges: [] };
  nodes.forEach((n, i) => {
    doc.nodes[n.id] = { type: n.type, typeVersion: 1, position: { x: i * 200, y: 0 }, config: n.config };
    const prev = nodes[i - 1];
    if (prev) doc.edges.push({ from: { node: prev.id, port: prev.from ?? 'files' }, to: { node: n.id, port: n.to ?? 'files' } });
  });
  return doc;
}
