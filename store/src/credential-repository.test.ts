import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { testSql, testSqlRowsAsync } from '../testing/test-sql.ts';
import { openTestStore, reopenTestStore } from '../testing/test-store.ts';
import type { Store } from './open-store.ts';
import type { TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-creds-');
  store = temp.store;
});
afterEach(() => temp.dispose());

describe('CredentialRepository', () => {
  it('keeps working across reopening with the key file, and names a wrong key', async () => {
    await store.credentials.put('TOKEN', 'abc');
    const again = await reopenTestStore(temp);
    expect(await again.credentials.value('TOKEN')).toBe('abc');
    await again.close();
    expect(statSync(join(temp.dir, 'credentials.key')).mode & 0o777).toBe(0o600);
    const other = await reopenTestStore(temp, { SLUICE_CREDENTIALS_KEY: 'ab'.repeat(32) });
    await expect(other.credentials.value('TOKEN')).rejects.toThrow(/cannot be decrypted: the credentials key .* is not the one/);
    await other.close();
    await expect(reopenTestStore(temp, { SLUICE_CREDENTIALS_KEY: 'short' })).rejects.toThrow(/SLUICE_CREDENTIALS_KEY must be 64 hexadecimal/);
  });

  it('creates, replaces, lists names only and deletes', async () => {
    expect(await store.credentials.put('S3_KEY', 'one')).toEqual({ created: true });
    expect(await store.credentials.put('S3_KEY', 'two')).toEqual({ created: false });
    expect(await store.credentials.value('S3_KEY')).toBe('two');
    // At rest the value is sealed: the database file alone does not give it away.
    const raw = (await testSqlRowsAsync<{ value: string }>(store, testSql`select value from credentials`))[0]!.value; // test-only read of the stored bytes
    expect(raw).toMatch(/^v1:/);
    expect(raw).not.toContain('two');
    const listed = await store.credentials.list();
    expect(listed.map((c) => c.name)).toEqual(['S3_KEY']);
    expect(JSON.stringify(listed)).not.toContain('two');
    expect(await store.credentials.delete('S3_KEY')).toBe(true);
    expect(await store.credentials.value('S3_KEY')).toBeUndefined();
    expect(await store.credentials.delete('S3_KEY')).toBe(false);
  });

  it('keeps any value as it was given (sealed), and refuses a name holding U+0000 (NUL)', async () => {
    const value = 'line one\nnul \0 and ünïcode ✓';
    await store.credentials.put('ODD', value);
    expect(await store.credentials.value('ODD')).toBe(value);
    await expect(store.credentials.put('A\0B', 'x')).rejects.toThrow('credential name "A\\u0000B" holds U+0000 (NUL)');
    expect(await store.credentials.value('A\0B')).toBeUndefined();
    expect(await store.credentials.info('A\0B')).toBeUndefined();
    expect(await store.credentials.delete('A\0B')).toBe(false);
    expect((await store.credentials.list()).map((c) => c.name)).toEqual(['ODD']);
  });
});
