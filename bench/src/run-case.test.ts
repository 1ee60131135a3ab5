import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateW3 } from './generate/generate-workloads.ts';
import { SIZES } from './generate/workload-sizes.ts';
import { runCase } from './run-case.ts';
import { runIncremental } from './run-incremental.ts';
import { runIncrementalS3 } from './run-incremental-s3.ts';
import { CSV_CANONICAL } from './verify/canonical-columns.ts';
import { csvInputChecksum } from './verify/output-checksum.ts';
import { LazyS3Server } from './s3/lazy-s3-server.ts';
import { w1Cases, w2Cases, w2S3Case, w3FirstRunCase, workersCases } from './workload-cases.ts';

// The --quick benchmark as a smoke test: real engines in real processes on small data, checking
// only that every output verifies (timings are printed by `pnpm bench`, never asserted).
let dir: string;
let duck: DuckDBConnection;
const lines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-bench-quick-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(async () => {
  duck.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const ctx = () => ({ outRoot: join(dir, 'out'), runs: 1, duck, log: (l: string) => void lines.push(l) });

describe('pnpm bench --quick', () => {
  it('lands W1 (gzip) with Sluice, bare polars and DuckDB to the same rows and checksum', async () => {
    const gzip = (await w1Cases(join(dir, 'data'), SIZES.quick, 1)).find((c) => c.label === 'W1 gzip')!;
    const result = await runCase(gzip, ctx());
    expect(result.verdict.problems).toEqual([]);
    expect(result.runs.map((r) => r.engine).sort()).toEqual(['duckdb', 'polars', 'sluice']);
    expect(new Set(result.runs.map((r) => r.check.checksum)).size).toBe(1);
    expect(result.runs[0]!.check.rows).toBe(SIZES.quick.w1Rows);
  });

  it('lands W2 (nested JSON Lines files) with all three to the same checksum, flattened by Sluice and nested by the peers', async () => {
    const [w2] = await w2Cases(join(dir, 'data'), { ...SIZES.quick, w2Files: 5, w2RowsPerFile: 100 }, 1);
    const result = await runCase(w2!, ctx());
    expect(result.verdict.problems).toEqual([]);
    expect(result.runs).toHaveLength(3);
  });

  it('lands W2 from S3 (source-s3 against the real Ceph RGW) to the checksum of the input files', async () => {
    const [folder] = await w2Cases(join(dir, 'data'), { ...SIZES.quick, w2Files: 5, w2RowsPerFile: 100 }, 1);
    const s3 = new LazyS3Server(() => {});
    try {
      const { benchCase, upload } = await w2S3Case(folder!, await s3.get(), 'not tried');
      expect(upload.files).toBe(5);
      const result = await runCase(benchCase, ctx());
      expect(result.verdict.problems).toEqual([]);
      expect(result.runs.map((r) => r.engine)).toEqual(['sluice']);
      expect(result.runs[0]!.summary!.files.processed).toBe(5);
      expect(result.runs[0]!.check.rows).toBe(500);
    } finally {
      await s3.stop();
    }
  });

  it('re-runs W3 over checkpointed files without processing or opening any', async () => {
    const data = await generateW3(join(dir, 'data', 'w3'), 30, 5, 1);
    const result = await runIncremental(data, { ...ctx(), strace: undefined });
    expect(result.verdict.problems).toEqual([]);
    expect(result.rerun[0]!.summary!.files).toEqual({ processed: 0, skipped: 30, failed: 0 });
    expect(result.first[0]!.summary!.files.processed).toBe(30);
  });

  it('re-runs W3 from S3 over checkpointed objects, counting the GETs at the store (none)', async () => {
    const data = await generateW3(join(dir, 'data', 'w3s3'), 20, 5, 2);
    const s3 = new LazyS3Server(() => {});
    try {
      const input = await csvInputChecksum(join(data.dir, data.glob), CSV_CANONICAL, ctx().duck);
      const result = await runIncrementalS3(data, input, await s3.get(), ctx());
      expect(result.problems).toEqual([]);
      expect(result.first!.summary!.files.processed).toBe(20);
      expect(result.rerun[0]!.summary!.files).toEqual({ processed: 0, skipped: 20, failed: 0 });
      expect(result.requests[0]).toMatchObject({ GetObject: 0, ListObjectsV2: 1 });
    } finally {
      await s3.stop();
    }
  });

  it('lands W3 first run through 2 sluice worker processes on PostgreSQL to the checksum of the input files', async () => {
    const data = await generateW3(join(dir, 'data', 'w3pg'), 20, 5, 3);
    const [two] = workersCases(w3FirstRunCase(data), [2]);
    const result = await runCase(two!, ctx());
    expect(result.verdict.problems).toEqual([]);
    expect(result.runs[0]!.summary!.files.processed).toBe(20);
    expect(result.runs[0]!.check.rows).toBe(100);
  });
});
