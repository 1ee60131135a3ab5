import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openAuthStore } from '@sluice/store';
import { verifyPassword } from '../auth/password-hash.ts';
import { startServer } from '../server.ts';
import { openStore } from '@sluice/store';
import { main } from './main.ts';

// The `sluice` command as users run it (plain node on the built CLI), for what reads standard input.
const BIN = fileURLToPath(new URL('../../bin/sluice.mjs', import.meta.url));
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'sluice-auth-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

/** Runs `main` in this process and returns what it printed. */
async function sluice(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  try {
    return { code: await main(argv, {}), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

const withAuth = async <T>(dataDir: string, fn: (auth: ReturnType<typeof openAuthStore>) => Promise<T> | T): Promise<T> => {
  const store = openStore({ dataDir });
  try {
    return await fn(openAuthStore(store));
  } finally {
    await store.close();
  }
};

describe('sluice token', () => {
  it('creates a token shown once, lists it without the token, and revokes it by name', async () => {
    const data = fresh();
    const made = await sluice('token', 'create', '--name', 'ci', '--role', 'editor', '--data', data);
    expect(made.code).toBe(0);
    const token = made.out.trim();
    expect(token).toMatch(/^slu_[\w-]{43}$/);
    expect(made.err).toMatch(/made token tok_\S+ "ci" \(editor\); it is shown this once/);
    expect(await withAuth(data, async (a) => (await a.tokens.authenticate(token))?.role)).toBe('editor');
    const list = await sluice('token', 'list', '--data', data);
    expect(list.out).toMatch(/tok_\S+ +ci +editor/);
    expect(list.out + list.err).not.toContain(token);
    expect((await sluice('token', 'create', '--name', 'ci', '--data', data)).code).toBe(1);
    expect((await sluice('token', 'create', '--name', 'x', '--role', 'root', '--data', data)).code).toBe(2);
    expect((await sluice('token', 'revoke', 'ci', '--data', data)).out).toMatch(/^revoked tok_/);
    expect(await withAuth(data, (a) => a.tokens.authenticate(token))).toBeUndefined();
    expect((await sluice('token', 'revoke', 'ci', '--data', data)).code).toBe(1);
    expect((await sluice('token', 'list', '--data', join(data, 'nope'))).err).toMatch(/no Sluice data in .*nope/);
  });

  it('works while a server runs on the data folder, and the server takes the new token at once', async () => {
    const data = fresh();
    const server = await startServer({ dataDir: data, port: 0, log: () => {} });
    try {
      expect((await fetch(`${server.url}/api/graphs`)).status).toBe(401);
      const made = await sluice('token', 'create', '--name', 'live', '--role', 'viewer', '--data', data);
      expect(made.code).toBe(0);
      const token = made.out.trim();
      expect((await fetch(`${server.url}/api/graphs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await sluice('token', 'revoke', 'live', '--data', data);
      expect((await fetch(`${server.url}/api/graphs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('sluice user and login-url', () => {
  const run = (input: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 60_000 });

  it('adds a user with a password from standard input, changes it, and refuses to remove the last admin', async () => {
    const data = fresh();
    const added = run('first-password\n', 'user', 'add', 'ada', '--role', 'admin', '--password-stdin', '--data', data);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('added user "ada" (admin)');
    const hash1 = await withAuth(data, async (a) => (await a.users.row('ada'))!.passwordHash!);
    expect(await verifyPassword('first-password', hash1)).toBe(true);
    expect(hash1).not.toContain('first-password');
    expect(run('short\n', 'user', 'add', 'bob', '--role', 'viewer', '--password-stdin', '--data', data).stderr).toMatch(/password: must be at least 8/);
    const session = await withAuth(data, (a) => a.sessions.create('ada'));
    expect(run('second-password\n', 'user', 'passwd', 'ada', '--data', data).stdout).toContain('signed out 1 session');
    expect(await withAuth(data, (a) => a.sessions.resolve(session.sessionId))).toBeUndefined();
    expect(await verifyPassword('second-password', await withAuth(data, async (a) => (await a.users.row('ada'))!.passwordHash!))).toBe(true);
    const removed = await sluice('user', 'remove', 'ada', '--data', data);
    expect(removed.code).toBe(1);
    expect(removed.err).toMatch(/last admin/);
  });

  it('asks for the password twice at a terminal without echoing it', async () => {
    const data = fresh();
    // `script` gives the command a real terminal; the test types at each prompt it sees.
    const child = spawn(
      'script',
      ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} user add tia --role editor --data ${JSON.stringify(data)}`, '/dev/null'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let screen = '';
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const waitFor = async (text: string, count: number) => {
      for (const end = Date.now() + 60_000; screen.split(text).length - 1 < count; await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > end) throw new Error(`no "${text}" on the terminal:\n${screen}`);
      }
    };
    child.stdout.on('data', (b) => (screen += b));
    child.stderr.on('data', (b) => (screen += b));
    await waitFor('Password: ', 1);
    child.stdin.write('typed-password-1\r');
    await waitFor('Password again: ', 1);
    child.stdin.write('typed-password-1\r');
    expect(await exited).toBe(0);
    expect(screen).toContain('added user "tia" (editor)');
    expect(screen).not.toContain('typed-password');
    expect(await verifyPassword('typed-password-1', await withAuth(data, async (a) => (await a.users.row('tia'))!.passwordHash!))).toBe(true);
  });

  it('prints a one-time login URL for the first admin', async () => {
    const data = fresh();
    const printed = await sluice('login-url', '--port', '4999', '--data', data);
    const url = /^http:\/\/127\.0\.0\.1:4999\/#\/login\?token=(slu_[\w-]{43})$/.exec(printed.out.trim());
    expect(url, printed.out).not.toBeNull();
    expect(await withAuth(data, (a) => a.loginTokens.consume(url![1]!))).toBe('admin');
    expect(await withAuth(data, (a) => a.loginTokens.consume(url![1]!))).toBeUndefined();
  });
});
