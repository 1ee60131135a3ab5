import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password-hash.ts';

describe('password hashing (scrypt)', () => {
  it('stores the parameters and a per-user salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b); // a fresh salt each time: equal passwords do not show
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, so they can grow later', async () => {
    const cheap = await hashPassword('s3cret-pass', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('s3cret-pass', cheap)).toBe(true);
  });

  it('never matches a damaged or hostile stored value (no giant allocation either)', async () => {
    const good = await hashPassword('s3cret-pass', { N: 1024, r: 8, p: 1 });
    const [, , , , salt, key] = good.split('$');
    for (const stored of [
      '',
      'plain',
      `scrypt$1073741824$8$1$${salt}$${key}`,
      `scrypt$1000$8$1$${salt}$${key}`,
      `scrypt$1024$8$1$$${key}`,
      `bcrypt$1024$8$1$${salt}$${key}`,
      `scrypt$1024$8$1$${salt}$`,
    ]) {
      expect(await verifyPassword('s3cret-pass', stored), stored).toBe(false);
    }
  });

  it('names what is wrong with a password', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('x'.repeat(2000))).toMatch(/at most 1024/);
    expect(passwordProblem('long enough')).toBeUndefined();
  });
});
