import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'sluice-modes-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const secretFiles = (dataDir: string) => ['sluice.db', 'sluice.db-wal', 'sluice.db-shm', 'credentials.key'].map((f) => join(dataDir, f));

describe('file modes of the store', () => {
  it('creates the database, its WAL files and the credentials key readable by the owner only, whatever the umask', async () => {
    const dataDir = tempDir();
    const before = process.umask(0o022);
    try {
      const store = openStore({ dataDir, env: {} });
      await store.credentials.put('S3_SECRET', 'v');
      for (const f of secretFiles(dataDir)) expect(modeOf(f), f).toBe('600');
      await store.close();
    } finally {
      process.umask(before);
    }
  });

  it('sets files found world-readable (an older version, a copy) back to 0600', async () => {
    const dataDir = tempDir();
    const store = openStore({ dataDir, env: {} });
    await store.credentials.put('S3_SECRET', 'v');
    for (const f of secretFiles(dataDir)) chmodSync(f, 0o644);
    const again = openStore({ dataDir, env: {} });
    for (const f of secretFiles(dataDir)) expect(modeOf(f), f).toBe('600');
    expect(await again.credentials.value('S3_SECRET')).toBe('v');
    await again.close();
    await store.close();
  });

  it('keeps the key outside the data folder when SLUICE_CREDENTIALS_KEY_FILE names a file', async () => {
    const dataDir = tempDir();
    const keyFile = join(tempDir(), 'secrets', 'sluice.key');
    const store = openStore({ dataDir, env: { SLUICE_CREDENTIALS_KEY_FILE: keyFile } });
    await store.credentials.put('S3_SECRET', 'kept apart');
    await store.close();
    expect(existsSync(join(dataDir, 'credentials.key'))).toBe(false);
    expect(modeOf(keyFile)).toBe('600');
    expect(modeOf(join(keyFile, '..'))).toBe('700');
    const again = openStore({ dataDir, env: { SLUICE_CREDENTIALS_KEY_FILE: keyFile } });
    expect(await again.credentials.value('S3_SECRET')).toBe('kept apart');
    await again.close();
    // The data folder alone (a backup, a stolen disk image) does not open the value.
    const without = openStore({ dataDir, env: {} });
    await expect(without.credentials.value('S3_SECRET')).rejects.toThrow(/cannot be decrypted: .*SLUICE_CREDENTIALS_KEY_FILE/);
    await without.close();
  });
});
