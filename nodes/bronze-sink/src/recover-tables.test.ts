import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { credentialEnvName, type GraphDocument } from '@sluice/sdk';
import { recoverTestStorage } from '@sluice/engine/testing';
import { openStore } from '@sluice/store';
import { testBronzePart } from '@sluice/store/testing/parts';
import { afterEach, describe, expect, it } from 'vitest';

const DAY = 'ingest_date=2026-12-01';
const part = testBronzePart;
const sinkGraph = (config: Record<string, unknown>): GraphDocument => ({
  format: 'sluice-graph',
  version: 1,
  name: 'g',
  nodes: { sink: { type: 'bronze-sink', typeVersion: 1, position: { x: 0, y: 0 }, config } },
  edges: [],
});

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('bronze-sink start-up recovery (recoversStorage), as the runtime runs it at start', () => {
  it('publishes and removes in every local table the store knows, and warns, naming the table, where it cannot reach one', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-recover-')));
    const data = join(dir, 'data');
    const table = join(data, 'bronze', 't');
    mkdirSync(join(table, DAY), { recursive: true });
    const committed = `${DAY}/part-1111111111111111-11111111.parquet`;
    writeFileSync(join(table, DAY, '.part-1111111111111111-11111111.parquet.pending'), 'committed');
    writeFileSync(join(table, DAY, '.part-2222222222222222-22222222.parquet.pending'), 'never committed');
    writeFileSync(join(table, DAY, 'part-3333333333333333-33333333.parquet'), 'replaced');
    const outside = join(dir, 'elsewhere', 't');
    mkdirSync(outside, { recursive: true });
    const uri = pathToFileURL(table).href;
    const store = openStore({ dataDir: data });
    await store.nodeStore('g').transaction(async (tx) => {
      await tx.parts.add(part(uri, committed));
      await tx.parts.add(part(pathToFileURL(outside).href, `${DAY}/part-4444444444444444-44444444.parquet`));
      await tx.parts.add(part(pathToFileURL(join(data, 'bronze', 'gone')).href, `${DAY}/part-5555555555555555-55555555.parquet`));
      await tx.parts.add(part('s3://down-bucket/lake/t', `${DAY}/part-6666666666666666-66666666.parquet`));
      await tx.parts.add(part('s3://unknown-bucket/t', `${DAY}/part-7777777777777777-77777777.parquet`));
    });
    // The S3 table's connection comes from a stored graph: an endpoint nobody answers on.
    await store.graphs.create(
      sinkGraph({ root: 's3://down-bucket/lake', table: 't', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, accessKeyId: 'K', secretAccessKey: 'S' }),
    );
    await store.close();
    process.env[credentialEnvName('K')] = 'k';
    process.env[credentialEnvName('S')] = 's';

    const started = Date.now();
    const { warnings } = await recoverTestStorage(data, { outputRoots: [data], allowedEndpoints: ['http://127.0.0.1:9'] });
    expect(Date.now() - started).toBeLessThan(20_000);

    expect(readdirSync(join(table, DAY)).sort()).toEqual(['part-1111111111111111-11111111.parquet']);
    expect(readdirSync(table)).toContain('_sluice_manifest.json');
    // A table whose folder is gone is not made again.
    expect(readdirSync(join(data, 'bronze'))).toEqual(['t']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(
      /^Bronze table file:\/\/\S+\/elsewhere\/t was not recovered at start \(its next run cleans it up\): its folder .* outside the output roots/,
    );
    expect(warnings[1]).toMatch(
      /^Bronze table s3:\/\/down-bucket\/lake\/t was not recovered at start \(its next run cleans it up\): .*no usable answer from http:\/\/127\.0\.0\.1:9/,
    );
    expect(warnings[2]).toMatch(
      /^Bronze table s3:\/\/unknown-bucket\/t was not recovered at start \(its next run cleans it up\): no stored graph has a sink that writes it/,
    );
  }, 60_000);
});
