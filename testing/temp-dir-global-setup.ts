import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: one temporary folder for the whole run, handed to the workers as TMPDIR
 * (which `os.tmpdir()` follows), removed when the run ends. Tests make their folders with
 * `mkdtemp(tmpdir())` and many leave them, which on a CI machine added ~1 GB to /tmp per run.
 * Listed first, so that the other setups' folders (the shared S3 server's) are inside it and their
 * teardowns run before its own.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
