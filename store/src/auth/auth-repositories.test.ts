import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../temp-store.ts';
import { AuthConflictError } from './auth-conflict-error.ts';
import { testSqlRows } from '../../testing/test-sql.ts';
import { type AuthStore, openAuthStore } from './auth-store.ts';
import { LOGIN_TOKEN_TTL_MS } from './login-token-repository.ts';
import { tokenHash } from './secret-token.ts';

let temp: TempStore;
let auth: AuthStore;
beforeEach(() => {
  temp = openTempStore('sluice-auth-');
  auth = openAuthStore(temp.store, { idleMs: 60 * 60 * 1000, maxMs: 24 * 60 * 60 * 1000 });
});
afterEach(() => temp.dispose());

// Test-only read: what the table holds, below what any repository shows.
const rawRows = (table: string) => testSqlRows(temp.store, `SELECT * FROM ${table}`);

describe('UserRepository', () => {
  it('adds, lists without hashes, and never leaves the runtime without an admin', () => {
    auth.users.create('ada', 'admin', 'scrypt$x');
    auth.users.create('bob', 'viewer', null);
    expect(auth.users.list().map((u) => [u.name, u.role, u.hasPassword])).toEqual([
      ['ada', 'admin', true],
      ['bob', 'viewer', false],
    ]);
    expect(JSON.stringify(auth.users.list())).not.toContain('scrypt');
    expect(() => auth.users.create('ada', 'viewer', null)).toThrow(AuthConflictError);
    expect(() => auth.users.create('../x', 'viewer', null)).toThrow(/user name "..\/x": must be/);
    expect(() => auth.users.update('ada', { role: 'editor' })).toThrow(/last admin/);
    expect(() => auth.users.remove('ada')).toThrow(/last admin/);
    auth.users.update('bob', { role: 'admin' });
    expect(auth.users.remove('ada')).toBe(true);
    expect(auth.users.countWithPassword()).toBe(0);
    expect(auth.users.firstAdmin()?.name).toBe('bob');
  });
});

describe('ApiTokenRepository', () => {
  it('stores only the hash, finds a token by it, and refuses it once revoked', () => {
    const { token, info } = auth.tokens.create('ci', 'editor');
    expect(token).toMatch(/^slu_/);
    const rows = rawRows('api_tokens');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.hash).toBe(tokenHash(token));
    expect(auth.tokens.authenticate(token)?.role).toBe('editor');
    expect(auth.tokens.authenticate(`${token}x`)).toBeUndefined();
    expect(auth.tokens.list()[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(auth.tokens.list())).not.toContain(token);
    expect(() => auth.tokens.create('ci', 'viewer')).toThrow(/in force already/);
    expect(auth.tokens.revoke('ci')?.id).toBe(info.id);
    expect(auth.tokens.authenticate(token)).toBeUndefined();
    // The name is free again once revoked; revoking by id works too.
    const second = auth.tokens.create('ci', 'viewer');
    expect(auth.tokens.revoke(second.info.id)?.revokedAt).toBeInstanceOf(Date);
    expect(auth.tokens.authenticate(second.token)).toBeUndefined();
    expect(auth.tokens.revoke('nope')).toBeUndefined();
  });
});

describe('SessionRepository', () => {
  it('stores the id hashed, ends idle and expired sessions, and follows the user', () => {
    auth.users.create('ada', 'admin', null);
    auth.users.create('eve', 'editor', null);
    const t0 = new Date('2026-12-01T00:00:00Z');
    const s = auth.sessions.create('eve', t0);
    expect(JSON.stringify(rawRows('sessions'))).not.toContain(s.sessionId);
    expect(auth.sessions.resolve(s.sessionId, new Date(t0.getTime() + 30 * 60_000))?.user).toEqual({ name: 'eve', role: 'editor' });
    // Used every 50 minutes, it lives until its absolute end (24 h here), then ends.
    let t = t0.getTime();
    for (let i = 0; i < 28; i++) {
      t += 50 * 60_000;
      expect(auth.sessions.resolve(s.sessionId, new Date(t)), `after ${i}`).toBeDefined();
    }
    expect(auth.sessions.resolve(s.sessionId, new Date(t0.getTime() + 24 * 60 * 60_000))).toBeUndefined();
    expect(rawRows('sessions')).toHaveLength(0);

    const idle = auth.sessions.create('eve', t0);
    expect(auth.sessions.resolve(idle.sessionId, new Date(t0.getTime() + 61 * 60_000))).toBeUndefined();
    auth.sessions.create('eve', t0);
    expect(auth.sessions.prune(new Date(t0.getTime() + 30 * 60_000))).toBe(0);
    expect(auth.sessions.prune(new Date(t0.getTime() + 61 * 60_000))).toBe(1);

    // The role is read at each request; removing the user ends their sessions.
    const live = auth.sessions.create('eve', t0);
    auth.users.update('eve', { role: 'viewer' });
    expect(auth.sessions.resolve(live.sessionId, t0)?.user.role).toBe('viewer');
    auth.users.remove('eve');
    expect(auth.sessions.resolve(live.sessionId, t0)).toBeUndefined();
  });
});

describe('LoginTokenRepository', () => {
  it('is spent by its first use, and refused after 15 minutes', () => {
    const t0 = new Date('2026-12-01T00:00:00Z');
    const a = auth.loginTokens.create('admin', t0);
    expect(JSON.stringify(rawRows('login_tokens'))).not.toContain(a.token);
    expect(auth.loginTokens.consume(a.token, t0)).toBe('admin');
    expect(auth.loginTokens.consume(a.token, t0)).toBeUndefined();
    const b = auth.loginTokens.create('admin', t0);
    expect(auth.loginTokens.consume(b.token, new Date(t0.getTime() + LOGIN_TOKEN_TTL_MS))).toBeUndefined();
    const c = auth.loginTokens.create('admin', t0);
    expect(auth.loginTokens.consume(c.token, new Date(t0.getTime() + LOGIN_TOKEN_TTL_MS - 1))).toBe('admin');
    expect(auth.loginTokens.consume('slu_made-up', t0)).toBeUndefined();
  });
});
