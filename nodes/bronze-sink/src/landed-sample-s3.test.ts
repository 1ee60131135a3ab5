import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestGraph } from '@sluice/engine/testing';
import { ALLOWED_ENDPOINTS_ENV, allowedEndpoints, credentialEnvName, type GraphDocument } from '@sluice/sdk';
import { openStore, secretResolver } from '@sluice/store';
import { startS3Server } from '@sluice/testing/s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { landedSample } from './landed-sample.ts';

let s3: Awaited<ReturnType<typeof startS3Server>>;
beforeAll(async () => {
  s3 = await startS3Server();
  process.env[credentialEnvName('LANDED_TEST_KEY_ID')] = s3.accessKeyId;
  process.env[credentialEnvName('LANDED_TEST_SECRET')] = s3.secretAccessKey;
});

describe('bronze-sink readsBack from an S3 table (Ceph RGW)', () => {
  it('reads a run’s rows back with ranged GETs, and only through the endpoint guard', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-landed-s3-')));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'a.csv'), 'id,v\n1,x\n2,y\n');
    writeFileSync(join(dir, 'in', 'b.csv'), 'id,v\n3,z\n');
    const bucket = await s3.newBucket('landed');
    const sink = {
      root: `s3://${bucket}/lake`,
      table: 'sales',
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      accessKeyId: 'LANDED_TEST_KEY_ID',
      secretAccessKey: 'LANDED_TEST_SECRET',
    };
    const doc: GraphDocument = {
      format: 'sluice-graph',
      version: 1,
      name: 'landed s3',
      nodes: {
        src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: 'in' } },
        csv: { type: 'parse-csv', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
        sink: { type: 'bronze-sink', typeVersion: 1, position: { x: 0, y: 0 }, config: sink },
      },
      edges: [
        { from: { node: 'src', port: 'files' }, to: { node: 'csv', port: 'files' } },
        { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
      ],
    };
    const data = join(dir, 'data');
    const r = await runTestGraph(doc, { dataDir: data, graphDir: dir });
    expect(r.summary.errors).toEqual([]);
    const store = openStore({ dataDir: data });
    try {
      const parts = store.nodeStore('test-graph').parts;
      const table = `s3://${bucket}/lake/sales`;
      const runId = (await parts.list(table))[0]!.runId;
      const ctx = (endpoints: string[]) => ({
        parts,
        dirs: { data, graph: dir },
        access: { inputRoots: [dir], outputRoots: [data], allowedEndpoints: endpoints },
        secrets: secretResolver(store.credentials),
      });
      const sample = await landedSample.sample(sink, { runId, rows: 20, maxBytes: 100_000 }, ctx(allowedEndpoints(process.env[ALLOWED_ENDPOINTS_ENV])));
      expect(sample).toMatchObject({ table, rowsLanded: 3, filesTotal: 2, truncated: false });
      expect(sample.rows.map((row) => `${row.id}:${row.v}`).sort()).toEqual(['1:x', '2:y', '3:z']);
      // Without the runtime listing the private endpoint, nothing is asked of it.
      await expect(landedSample.sample(sink, { runId, rows: 20, maxBytes: 100_000 }, ctx([]))).rejects.toThrow(/SLUICE_ALLOWED_ENDPOINTS/);
    } finally {
      await store.close();
    }
  });
});
