import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPgDatabase } from '@sluice/store/testing/postgres';
import { afterAll, describe, expect, it } from 'vitest';

// The `sluice` command as `pnpm start` runs it: plain node on the built CLI (runtime/dist).
const BIN = fileURLToPath(new URL('../../bin/sluice.mjs', import.meta.url));
const data = mkdtempSync(join(tmpdir(), 'sluice-serve-cli-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

/** Starts `sluice serve` and waits for its address; returns the output so far, live. */
async function serve(env: NodeJS.ProcessEnv = {}, dataDir = data) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SLUICE_API_TOKEN: '', ...env },
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url || !/API tokens: sluice token create/.test(out)) {
    url = /Sluice is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, exited, out: () => out };
}

async function signInWith(url: string, printed: string) {
  const link = new RegExp(`Open the editor: (${url.replace(/[.]/g, '\\.')}/#/login\\?token=(slu_[\\w-]{43}))`).exec(printed);
  expect(link, printed).not.toBeNull();
  const exchange = () =>
    fetch(`${url}/api/auth/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginToken: link![2] }) });
  const res = await exchange();
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ user: { name: 'admin', role: 'admin' } });
  expect((await exchange()).status).toBe(401); // spent
  return /sluice_session=[^;]+/.exec(res.headers.get('set-cookie')!)![0];
}

describe('sluice serve (a real process)', () => {
  it('starts with the examples on a fresh data folder, prints a one-time login URL that signs in, and stops cleanly on SIGTERM', async () => {
    const s = await serve();
    expect((await fetch(`${s.url}/api/graphs`)).status).toBe(401);
    expect(await (await fetch(`${s.url}/api/health`)).json()).toEqual({ status: 'ok' });
    const cookie = await signInWith(s.url, s.out());
    expect(s.out()).toContain('API tokens: sluice token create --name NAME');
    // An admin API token for scripts, in a 0600 file of the data folder, never printed.
    const tokenFile = join(data, 'admin-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const adminToken = readFileSync(tokenFile, 'utf8').trim();
    expect(adminToken).toMatch(/^slu_[\w-]{43}$/);
    expect(s.out()).not.toContain(adminToken);
    expect(s.out()).toContain(`made an admin API token for scripts on this machine: in ${tokenFile}`);
    expect((await fetch(`${s.url}/api/credentials`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
    const graphs = (await (await fetch(`${s.url}/api/graphs`, { headers: { cookie } })).json()) as { items: { name: string }[] };
    expect(graphs.items.map((g) => g.name)).toContain('Gzip CSV to Bronze');
    expect(existsSync(join(data, 'plugins'))).toBe(true);
    expect(existsSync(join(data, 'server.lock'))).toBe(true);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out()).toContain('SIGTERM: stopping');
    expect(existsSync(join(data, 'server.lock'))).toBe(false);
  });

  it('prints a fresh link at a restart while no user has a password, none with SLUICE_API_TOKEN, which then works', async () => {
    const again = await serve();
    try {
      await signInWith(again.url, again.out()); // the admin made by the first link signs in again
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
    const token = 'env-token-0123456789abcdef';
    const withToken = await serve({ SLUICE_API_TOKEN: token });
    try {
      expect(withToken.out()).not.toContain('Open the editor:');
      expect(withToken.out()).not.toContain(token);
      expect((await fetch(`${withToken.url}/api/graphs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await fetch(`${withToken.url}/api/graphs`, { headers: { authorization: 'Bearer env-token-wrong' } })).status).toBe(401);
    } finally {
      withToken.child.kill('SIGTERM');
      await withToken.exited;
    }
  });

  it('imports the examples once per PostgreSQL store: a second serve with a new data folder of its own imports none', async () => {
    const db = await createTestPgDatabase();
    const folders = [mkdtempSync(join(tmpdir(), 'sluice-serve-pg-')), mkdtempSync(join(tmpdir(), 'sluice-serve-pg-'))];
    try {
      const env = { SLUICE_DATABASE_URL: db.url, SLUICE_API_TOKEN: 'serve-command-test-token', SLUICE_CREDENTIALS_KEY: 'a'.repeat(64) };
      const first = await serve(env, folders[0]);
      expect(first.out()).toContain('imported the example graphs');
      const second = await serve(env, folders[1]);
      expect(second.out()).not.toContain('imported the example graphs');
      for (const s of [first, second]) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
      const copies = await db.rows<{ n: string }>('select count(*) as n from graphs group by name');
      expect(copies.length).toBeGreaterThan(0);
      expect(copies.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      await db.drop();
      for (const f of folders) rmSync(f, { recursive: true, force: true });
    }
  });
});
