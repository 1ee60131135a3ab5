import { mkdir, rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { S3TestProxy, type S3Operation } from '@sluice/testing/s3';
import type { S3Server } from '@sluice/testing/s3';
import type { BenchJob, EngineRun } from './engines/bench-job.ts';
import { runSluice } from './engines/sluice-engine.ts';
import type { FileSet } from './generate/generate-workloads.ts';
import { S3_KEY_ID_NAME, S3_SECRET_NAME } from './s3/lazy-s3-server.ts';
import { type Uploaded, uploadFolder } from './s3/upload-folder.ts';
import { landedAsInput } from './run-incremental.ts';
import type { OutputChecksum } from './verify/output-checksum.ts';

export interface IncrementalS3Result {
  upload: Uploaded;
  /** The run that lands every object, then the timed re-runs over the same store. */
  first: EngineRun | undefined;
  rerun: EngineRun[];
  /** S3 requests of each re-run, counted by a proxy in front of the store (GETs must be 0). */
  requests: Record<S3Operation, number>[];
  problems: string[];
}

/**
 * W3 from S3: W3's tiny files uploaded (untimed) to a bucket, landed once by source-s3, then the
 * same graph re-run over the same store `runs` times. Sluice talks to the store through a counting
 * proxy, so the re-runs' "objects downloaded" is a count of GetObject requests, not a guess.
 */
export async function runIncrementalS3(
  data: FileSet,
  input: OutputChecksum,
  server: S3Server,
  ctx: { outRoot: string; runs: number; duck: DuckDBConnection; cpuProfDir?: string | undefined; log(line: string): void },
): Promise<IncrementalS3Result> {
  const bucket = await server.newBucket('bench-w3');
  const prefix = 'w3/';
  const upload = await uploadFolder(server, bucket, prefix, data.dir);
  ctx.log(`W3 s3: ${upload.files} files uploaded to s3://${bucket}/${prefix} in ${upload.seconds.toFixed(1)} s (not timed)`);
  const proxy = await new S3TestProxy(server.endpoint).start();
  const dir = join(ctx.outRoot, 'W3-s3');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const job: BenchJob = {
    format: 'csv',
    folder: data.dir,
    pattern: data.glob,
    s3: { endpoint: proxy.endpoint, region: server.region, bucket, prefix, accessKeyIdName: S3_KEY_ID_NAME, secretAccessKeyName: S3_SECRET_NAME },
  };
  const opts = { dataDir: join(dir, 'data'), bronzeRoot: join(dir, 'bronze'), workDir: dir, cpuProfDir: ctx.cpuProfDir };
  const result: IncrementalS3Result = { upload, first: undefined, rerun: [], requests: [], problems: [] };
  try {
    // The first run talks to the store itself: the proxy (a Node process on the same cores, a hop
    // per request) is there to count the re-runs' requests, and would slow 10,000 downloads.
    result.first = await runSluice({ ...job, s3: { ...job.s3!, endpoint: server.endpoint } }, opts);
    const landed = result.first.summary!.files.processed;
    if (landed !== data.files) result.problems.push(`the first run from S3 processed ${landed} of ${data.files} objects`);
    // What landed from S3 must be the input files themselves, value for value.
    result.problems.push(...(await landedAsInput(data, input, result.first.output, ctx.duck)).map((p) => `first run from S3: ${p}`));
    ctx.log(`  W3 s3 first run: ${result.first.seconds.toFixed(2)} s, ${result.first.cpuSeconds?.toFixed(2) ?? '?'} CPU s (${landed} processed)`);
    for (let r = 0; r < ctx.runs; r++) {
      proxy.resetCounts();
      const run = await runSluice(job, opts);
      const counts = { ...proxy.counts };
      result.rerun.push(run);
      result.requests.push(counts);
      const s = run.summary!;
      if (s.files.processed !== 0 || s.files.skipped !== data.files)
        result.problems.push(`re-run ${r + 1} from S3 processed ${s.files.processed} and skipped ${s.files.skipped} of ${data.files} unchanged objects`);
      if (counts.GetObject !== 0) result.problems.push(`re-run ${r + 1} from S3 downloaded ${counts.GetObject} objects`);
      ctx.log(
        `  W3 s3 re-run ${r + 1}: ${run.seconds.toFixed(2)} s (${s.files.skipped} skipped; GetObject ${counts.GetObject}, ListObjectsV2 ${counts.ListObjectsV2}, HeadObject ${counts.HeadObject})`,
      );
    }
  } catch (err) {
    result.problems.push(`sluice failed: ${(err as Error).message}`);
    ctx.log(`  W3 s3: FAILED ${(err as Error).message}`);
  } finally {
    await proxy.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}
