import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyGraph } from '@sluice/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { clientOf } from './store-client.ts';

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'sluice-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates sluice.db with WAL, foreign keys and the migrated tables', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openStore({ dataDir });
    expect(store.path).toBe(join(dataDir, 'sluice.db'));
    const { sqlite } = clientOf(store);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name != 'sqlite_sequence' order by name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'api_tokens',
      'bronze_parts',
      'bronze_schemas',
      'bucket_event_runs',
      'bucket_events',
      'checkpoints',
      'credentials',
      'graphs',
      'hook_requests',
      'login_tokens',
      'run_logs',
      'runs',
      'sessions',
      'users',
      'watermarks',
    ]);
    store.close();
  });

  it('keeps data across reopening and applies migrations only once', () => {
    const dataDir = tempDir();
    const a = openStore({ dataDir });
    const g = a.graphs.create(emptyGraph('Kept'));
    a.close();
    const b = openStore({ dataDir });
    expect(b.graphs.get(g.id)?.document.name).toBe('Kept');
    b.close();
  });

  it('names the database file when it cannot be opened', () => {
    const dataDir = tempDir();
    expect(() => openStore({ dataDir, migrationsFolder: join(dataDir, 'no-such-migrations') })).toThrow(/cannot open the store at .*sluice\.db/);
  });
});
