import { describe, expect, it } from 'vitest';
import { describePgUrl } from './pg-url.ts';

describe('describePgUrl', () => {
  it('gives host, port and database, never the user, password or query string', () => {
    const shown = describePgUrl('postgres://sluice:hunter2@db.internal:6543/lake?sslmode=require&password=other');
    expect(shown).toBe('db.internal:6543/lake');
    expect(describePgUrl('postgresql://u:p@localhost/x')).toBe('localhost:5432/x');
    expect(describePgUrl('not a url hunter2')).toBe('an unreadable PostgreSQL URL');
  });
});
