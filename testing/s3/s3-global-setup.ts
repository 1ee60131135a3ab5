import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OWNER_PID_ENV, SHARED_DIR_ENV, stopRgw } from './s3-server.ts';

/**
 * Vitest global setup: gives the run one place for a shared S3 server. Nothing starts here: the
 * first test that calls `startS3Server()` starts it, so runs without S3 tests stay fast. Worker
 * processes inherit the environment set here. The teardown stops the server if one was started.
 */
export default function setup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-rgw-run-'));
  process.env[SHARED_DIR_ENV] = dir;
  process.env[OWNER_PID_ENV] = String(process.pid);
  return async () => {
    await stopRgw(join(dir, 'rgw'));
    rmSync(dir, { recursive: true, force: true });
  };
}
