import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { duckdbRead, sqlString } from './duckdb-read.ts';
import { OPEN_BUGS } from './open-bugs.ts';

const tsx = createRequire(import.meta.url).resolve('tsx');
const script = fileURLToPath(new URL('./land-in-child.ts', import.meta.url));

describe('differential: a Parquet INTERVAL column, landed in a child process', () => {
  // nodejs-polars 0.25.2 panicked on INTERVAL and aborted the process (in the runtime, the server):
  // a child process keeps this test alive should a polars version do so again.
  (OPEN_BUGS['parquet/interval.parquet'] ? it.fails : it)('leaves the process alive: the file lands or fails alone, naming the column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'differential-interval-'));
    await duckdbRead(
      `COPY (SELECT 1 AS id, INTERVAL '1 year 2 days 3 seconds' AS v_interval UNION ALL SELECT 2, NULL) TO ${sqlString(join(dir, 'interval.parquet'))} (FORMAT parquet)`,
    );
    const child = spawnSync(process.execPath, ['--import', tsx, script, dir, 'parse-parquet'], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: child.status, signal: child.signal }, child.stderr.slice(-2000)).toEqual({ status: 0, signal: null });
    const outcome = JSON.parse(child.stdout.trim().split('\n').pop()!) as { errors: Record<string, string>; landed: string[] };
    if (!outcome.landed.includes('interval.parquet')) expect(outcome.errors['interval.parquet']).toMatch(/v_interval/);
  });
});
