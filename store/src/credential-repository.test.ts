import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { testSqlRows } from '../testing/test-sql.ts';
import { openStore, type Store } from './open-store.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(() => {
  temp = openTempStore('sluice-creds-');
  store = temp.store;
});
afterEach(() => temp.dispose());

describe('CredentialRepository', () => {
  it('keeps working across reopening with the key file, and names a wrong key', async () => {
    await store.credentials.put('TOKEN', 'abc');
    const again = openStore({ dataDir: temp.dir });
    expect(await again.credentials.value('TOKEN')).toBe('abc');
    await again.close();
    expect(statSync(join(temp.dir, 'credentials.key')).mode & 0o777).toBe(0o600);
    const other = openStore({ dataDir: temp.dir, env: { SLUICE_CREDENTIALS_KEY: 'ab'.repeat(32) } });
    await expect(other.credentials.value('TOKEN')).rejects.toThrow(/cannot be decrypted: the credentials key .* is not the one/);
    await other.close();
    expect(() => openStore({ dataDir: temp.dir, env: { SLUICE_CREDENTIALS_KEY: 'short' } })).toThrow(/SLUICE_CREDENTIALS_KEY must be 64 hexadecimal/);
  });

  it('creates, replaces, lists names only and deletes', async () => {
    expect(await store.credentials.put('S3_KEY', 'one')).toEqual({ created: true });
    expect(await store.credentials.put('S3_KEY', 'two')).toEqual({ created: false });
    expect(await store.credentials.value('S3_KEY')).toBe('two');
    // At rest the value is sealed: the database file alone does not give it away.
    const raw = testSqlRows<{ value: string }>(store, 'select value from credentials')[0]!.value; // test-only read of the stored bytes
    expect(raw).toMatch(/^v1:/);
    expect(raw).not.toContain('two');
    const listed = await store.credentials.list();
    expect(listed.map((c) => c.name)).toEqual(['S3_KEY']);
    expect(JSON.stringify(listed)).not.toContain('two');
    expect(await store.credentials.delete('S3_KEY')).toBe(true);
    expect(await store.credentials.value('S3_KEY')).toBeUndefined();
    expect(await store.credentials.delete('S3_KEY')).toBe(false);
  });
});
