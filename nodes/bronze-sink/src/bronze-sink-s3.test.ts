import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { runTestGraph } from '@sluice/engine/testing';
import { startS3Server } from '@sluice/testing/s3';
import { credentialEnvName, type GraphDocument } from '@sluice/sdk';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';

let s3: Awaited<ReturnType<typeof startS3Server>>;
let client: S3Client;
beforeAll(async () => {
  s3 = await startS3Server();
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  // Credentials are referenced by name in the graph; the runtime reads SLUICE_CREDENTIAL_<NAME> when its store has none.
  process.env[credentialEnvName('BRONZE_TEST_KEY_ID')] = s3.accessKeyId;
  process.env[credentialEnvName('BRONZE_TEST_SECRET')] = s3.secretAccessKey;
});

function graph(bucket: string): GraphDocument {
  const node = (type: string, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x: 0, y: 0 }, config });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 's3 bronze',
    nodes: {
      src: node('source-local', { folder: 'in' }),
      cp: node('checkpoint', {}),
      csv: node('parse-csv', {}),
      sink: node('bronze-sink', {
        root: `s3://${bucket}/lake`,
        table: 'sales',
        endpoint: s3.endpoint,
        region: s3.region,
        forcePathStyle: true,
        accessKeyId: 'BRONZE_TEST_KEY_ID',
        secretAccessKey: 'BRONZE_TEST_SECRET',
      }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } },
      { from: { node: 'cp', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

async function keys(bucket: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

async function readPart(bucket: string, key: string): Promise<Record<string, unknown>[]> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return pl.readParquet(Buffer.from(await got.Body!.transformToByteArray())).toRecords() as Record<string, unknown>[];
}

describe('bronze-sink into S3 (Ceph RGW)', () => {
  it('lands parts under s3://bucket/prefix/table, replaces a changed file, and keeps credentials out of the graph', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-bronze-s3-')));
    const input = join(dir, 'in');
    mkdirSync(input);
    const bucket = await s3.newBucket('bronze');
    writeFileSync(join(input, 'a.csv'), 'id,v\n1,x\n2,y\n');
    writeFileSync(join(input, 'b.csv'), 'id,v\n3,z\n');
    const data = join(dir, 'data');
    const first = await runTestGraph(graph(bucket), { dataDir: data, graphDir: dir });
    expect(first.summary.errors).toEqual([]);
    expect(first.summary.rows).toBe(3);
    const parts = (await keys(bucket)).filter((k) => k.endsWith('.parquet'));
    expect(parts).toHaveLength(2);
    for (const k of parts) expect(k).toMatch(/^lake\/sales\/ingest_date=\d{4}-\d{2}-\d{2}\/part-[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{8}\.parquet$/);
    expect(await keys(bucket)).toContain('lake/sales/_sluice_manifest.json');
    expect(JSON.stringify(graph(bucket))).not.toContain(s3.secretAccessKey);

    writeFileSync(join(input, 'a.csv'), 'id,v\n1,x2\n');
    const second = await runTestGraph(graph(bucket), { dataDir: data, graphDir: dir });
    expect(second.summary.files).toEqual({ processed: 1, skipped: 1, failed: 0 });
    const after = (await keys(bucket)).filter((k) => k.endsWith('.parquet'));
    expect(after).toHaveLength(2);
    const rows = (await Promise.all(after.map((k) => readPart(bucket, k)))).flat();
    expect(rows.map((r) => `${r.id}:${r.v}`).sort()).toEqual(['1:x2', '3:z']);
    expect(rows.every((r) => String(r._source_file).startsWith(`file://${input}/`))).toBe(true);
  });
});
