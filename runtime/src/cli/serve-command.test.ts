import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The `sluice` command as `pnpm start` runs it: plain node on the built CLI (runtime/dist).
const BIN = fileURLToPath(new URL('../../bin/sluice.mjs', import.meta.url));
const data = mkdtempSync(join(tmpdir(), 'sluice-serve-cli-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('sluice serve (a real process)', () => {
  it('starts with the examples on a fresh data folder, answers, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url) {
      url = /Sluice is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const graphs = (await (await fetch(`${url}/api/graphs`)).json()) as { items: { name: string }[] };
    expect(graphs.items.map((g) => g.name)).toContain('Gzip CSV to Bronze');
    expect(existsSync(join(data, 'plugins'))).toBe(true);
    expect(existsSync(join(data, 'server.lock'))).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM: stopping');
    expect(existsSync(join(data, 'server.lock'))).toBe(false);
  });
});
