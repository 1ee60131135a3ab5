import { runTestGraph, type TestRun } from '@sluice/engine/testing';
import { credentialEnvName } from '@sluice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { chain, KEY_ID_NAME, s3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS } from '../testing/s3-test-fixture.ts';

let fx: S3Fixture;

beforeAll(async () => {
  fx = await s3Fixture('source');
  await fx.putMany([
    ['in/sales_1.csv', 'a\n1\n'],
    ['in/sales_2.csv', 'a\n2\n'],
    ['in/2026/01/sales_3.csv', 'a\n3\n'],
    ['in/notes.txt', 'hello'],
    ['in/other.csv', 'a\n9\n'],
    ['elsewhere/sales_9.csv', 'a\n9\n'],
  ]);
}, S3_SETUP_TIMEOUT_MS);
afterAll(() => fx?.dispose());

function listOnly(config: Record<string, unknown>, params?: Record<string, unknown>): Promise<TestRun> {
  return runTestGraph(chain('list', [{ id: 'src', type: 'source-s3', config: fx.config(config) }]), { plugins: [plugin], ...(params ? { params } : {}) });
}

/** The keys of the files that reached the end of the run, by status. */
function files(run: TestRun, status = 'processed'): string[] {
  return run.events
    .filter((e) => e.type === 'file' && e.status === status)
    .map((e) => (e as { key: string }).key)
    .sort();
}

const messages = (issues: { message: string }[]) => issues.map((i) => i.message).join('\n');

describe('source-s3 listing', () => {
  it('emits only the objects whose key, relative to the prefix, matches a pattern (3 of 5)', async () => {
    const run = await listOnly({ prefix: 'in/', patterns: ['sales_*.csv'] });
    expect(run.summary.status).toBe('succeeded');
    expect(files(run)).toEqual(['in/2026/01/sales_3.csv', 'in/sales_1.csv', 'in/sales_2.csv']);
    expect(run.summary.nodes.src!.filesOut).toBe(3);
  });

  it('anchors a pattern with a slash at the prefix, and applies exclusions', async () => {
    const run = await listOnly({ prefix: 'in/', patterns: ['*.csv', '!2026/**'] });
    expect(files(run)).toEqual(['in/other.csv', 'in/sales_1.csv', 'in/sales_2.csv']);
    const anchored = await listOnly({ prefix: 'in/', patterns: ['2026/*/sales_*.csv'] });
    expect(files(anchored)).toEqual(['in/2026/01/sales_3.csv']);
  });

  it('ends with a clear message when no object matches', async () => {
    const run = await listOnly({ prefix: 'in/', patterns: ['*.parquet'] });
    expect(run.summary.status).toBe('succeeded');
    expect(files(run)).toEqual([]);
    expect(messages(run.summary.warnings)).toContain(`none of the 5 objects in s3://${fx.bucket}/in/ matches *.parquet: nothing to ingest`);
  });

  it('says so when the prefix holds nothing', async () => {
    const run = await listOnly({ prefix: 'nothing-here/' });
    expect(messages(run.summary.warnings)).toContain(`no object in s3://${fx.bucket}/nothing-here/: nothing to ingest`);
  });

  it('fails the run naming the bucket when it does not exist', async () => {
    const run = await listOnly({ bucket: 'no-such-bucket-here', prefix: 'in/' });
    expect(run.summary.status).toBe('failed');
    expect(messages(run.summary.errors)).toContain('listing s3://no-such-bucket-here/in/ failed: the bucket does not exist');
  });

  it('names a credential that resolves to nothing, and never needs its value in the graph', async () => {
    const run = await listOnly({ accessKeyId: 'NO_SUCH_CREDENTIAL' });
    expect(run.summary.status).toBe('failed');
    expect(messages(run.summary.errors)).toContain('credential "NO_SUCH_CREDENTIAL" (named by accessKeyId) is not available');
  });

  it('reports wrong credentials as access denied', async () => {
    process.env[credentialEnvName('SLUICE_TEST_S3_WRONG_SECRET')] = 'not-the-secret';
    const run = await listOnly({ secretAccessKey: 'SLUICE_TEST_S3_WRONG_SECRET', prefix: 'in/' });
    expect(run.summary.status).toBe('failed');
    expect(messages(run.summary.errors)).toMatch(/listing s3:\/\/.*\/in\/ failed: access denied \(SignatureDoesNotMatch\)/);
  });

  it('rejects a credential value where a name belongs, and a key id without a secret', () => {
    const bad = plugin.config.safeParse(fx.config({ accessKeyId: 'AKIA/not a name+' }));
    expect(JSON.stringify(bad.error?.issues)).toContain('must be the name of a credential, not its value');
    const half = plugin.config.safeParse({ bucket: 'b', accessKeyId: KEY_ID_NAME });
    expect(JSON.stringify(half.error?.issues)).toContain('give both, or neither');
  });
});

describe('source-s3 with trigger keys', () => {
  it('looks only at the keys given, and says why the others were left out', async () => {
    const run = await listOnly(
      { prefix: 'in/', patterns: ['sales_*.csv'] },
      { keys: ['in/sales_2.csv', 'in/notes.txt', 'in/gone.csv', 'elsewhere/sales_9.csv'] },
    );
    expect(run.summary.status).toBe('succeeded');
    expect(files(run)).toEqual(['in/sales_2.csv']);
    const w = messages(run.summary.warnings);
    expect(w).toContain(`s3://${fx.bucket}/in/notes.txt left out: does not match sales_*.csv`);
    expect(w).toContain(`s3://${fx.bucket}/in/gone.csv left out: does not exist`);
    expect(w).toContain(`s3://${fx.bucket}/elsewhere/sales_9.csv left out: is not under the prefix "in/"`);
  });

  it('refuses keys that are not a list of strings', async () => {
    const run = await listOnly({ prefix: 'in/' }, { keys: 'in/sales_1.csv' });
    expect(run.summary.status).toBe('failed');
    expect(messages(run.summary.errors)).toContain('run parameter "keys" must be a list of object keys');
  });
});
