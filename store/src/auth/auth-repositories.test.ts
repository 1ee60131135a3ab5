import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../testing/test-store.ts';
import type { TempStore } from '../temp-store.ts';
import { AuthConflictError } from './auth-conflict-error.ts';
import { testSql, testSqlRowsAsync } from '../../testing/test-sql.ts';
import { type AuthStore, openAuthStore } from './auth-store.ts';
import { LOGIN_TOKEN_TTL_MS } from './login-token-repository.ts';
import { tokenHash } from './secret-token.ts';

let temp: TempStore;
let auth: AuthStore;
beforeEach(async () => {
  temp = await openTestStore('sluice-auth-');
  auth = openAuthStore(temp.store, { idleMs: 60 * 60 * 1000, maxMs: 24 * 60 * 60 * 1000 });
});
afterEach(() => temp.dispose());

// Test-only read: what the table holds, below what any repository shows.
const rawRows = (table: string) => testSqlRowsAsync(temp.store, testSql`SELECT * FROM ${testSql.identifier(table)}`);

describe('UserRepository', () => {
  it('adds, lists without hashes, and never leaves the runtime without an admin', async () => {
    await auth.users.create('ada', 'admin', 'scrypt$x');
    await auth.users.create('bob', 'viewer', null);
    expect((await auth.users.list()).map((u) => [u.name, u.role, u.hasPassword])).toEqual([
      ['ada', 'admin', true],
      ['bob', 'viewer', false],
    ]);
    expect(JSON.stringify(await auth.users.list())).not.toContain('scrypt');
    await expect(auth.users.create('ada', 'viewer', null)).rejects.toThrow(AuthConflictError);
    await expect(auth.users.create('../x', 'viewer', null)).rejects.toThrow(/user name "..\/x": must be/);
    await expect(auth.users.update('ada', { role: 'editor' })).rejects.toThrow(/last admin/);
    await expect(auth.users.remove('ada')).rejects.toThrow(/last admin/);
    await auth.users.update('bob', { role: 'admin' });
    expect(await auth.users.remove('ada')).toBe(true);
    expect(await auth.users.countWithPassword()).toBe(0);
    expect((await auth.users.firstAdmin())?.name).toBe('bob');
  });
});

describe('ApiTokenRepository', () => {
  it('stores only the hash, finds a token by it, and refuses it once revoked', async () => {
    const { token, info } = await auth.tokens.create('ci', 'editor');
    expect(token).toMatch(/^slu_/);
    const rows = await rawRows('api_tokens');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.hash).toBe(tokenHash(token));
    expect((await auth.tokens.authenticate(token))?.role).toBe('editor');
    expect(await auth.tokens.authenticate(`${token}x`)).toBeUndefined();
    expect((await auth.tokens.list())[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(await auth.tokens.list())).not.toContain(token);
    await expect(auth.tokens.create('ci', 'viewer')).rejects.toThrow(/in force already/);
    expect((await auth.tokens.revoke('ci'))?.id).toBe(info.id);
    expect(await auth.tokens.authenticate(token)).toBeUndefined();
    // The name is free again once revoked; revoking by id works too.
    const second = await auth.tokens.create('ci', 'viewer');
    expect((await auth.tokens.revoke(second.info.id))?.revokedAt).toBeInstanceOf(Date);
    expect(await auth.tokens.authenticate(second.token)).toBeUndefined();
    expect(await auth.tokens.revoke('nope')).toBeUndefined();
  });
});

describe('SessionRepository', () => {
  it('stores the id hashed, ends idle and expired sessions, and follows the user', async () => {
    await auth.users.create('ada', 'admin', null);
    await auth.users.create('eve', 'editor', null);
    const t0 = new Date('2026-12-01T00:00:00Z');
    const s = await auth.sessions.create('eve', t0);
    expect(JSON.stringify(await rawRows('sessions'))).not.toContain(s.sessionId);
    expect((await auth.sessions.resolve(s.sessionId, new Date(t0.getTime() + 30 * 60_000)))?.user).toEqual({ name: 'eve', role: 'editor' });
    // Used every 50 minutes, it lives until its absolute end (24 h here), then ends.
    let t = t0.getTime();
    for (let i = 0; i < 28; i++) {
      t += 50 * 60_000;
      expect(await auth.sessions.resolve(s.sessionId, new Date(t)), `after ${i}`).toBeDefined();
    }
    expect(await auth.sessions.resolve(s.sessionId, new Date(t0.getTime() + 24 * 60 * 60_000))).toBeUndefined();
    expect(await rawRows('sessions')).toHaveLength(0);

    const idle = await auth.sessions.create('eve', t0);
    expect(await auth.sessions.resolve(idle.sessionId, new Date(t0.getTime() + 61 * 60_000))).toBeUndefined();
    await auth.sessions.create('eve', t0);
    expect(await auth.sessions.prune(new Date(t0.getTime() + 30 * 60_000))).toBe(0);
    expect(await auth.sessions.prune(new Date(t0.getTime() + 61 * 60_000))).toBe(1);

    // The role is read at each request; removing the user ends their sessions.
    const live = await auth.sessions.create('eve', t0);
    await auth.users.update('eve', { role: 'viewer' });
    expect((await auth.sessions.resolve(live.sessionId, t0))?.user.role).toBe('viewer');
    await auth.users.remove('eve');
    expect(await auth.sessions.resolve(live.sessionId, t0)).toBeUndefined();
  });
});

describe('LoginTokenRepository', () => {
  it('is spent by its first use, and refused after 15 minutes', async () => {
    const t0 = new Date('2026-12-01T00:00:00Z');
    const a = await auth.loginTokens.create('admin', t0);
    expect(JSON.stringify(await rawRows('login_tokens'))).not.toContain(a.token);
    expect(await auth.loginTokens.consume(a.token, t0)).toBe('admin');
    expect(await auth.loginTokens.consume(a.token, t0)).toBeUndefined();
    const b = await auth.loginTokens.create('admin', t0);
    expect(await auth.loginTokens.consume(b.token, new Date(t0.getTime() + LOGIN_TOKEN_TTL_MS))).toBeUndefined();
    const c = await auth.loginTokens.create('admin', t0);
    expect(await auth.loginTokens.consume(c.token, new Date(t0.getTime() + LOGIN_TOKEN_TTL_MS - 1))).toBe('admin');
    expect(await auth.loginTokens.consume('slu_made-up', t0)).toBeUndefined();
  });
});
