import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyGraph } from '@sluice/sdk';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { connectStore, MIGRATIONS_DIR, openStore } from './open-store.ts';
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
  it('creates sluice.db with WAL, foreign keys and the migrated tables', async () => {
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
    await store.close();
  });

  it('keeps data across reopening and applies migrations only once; only the first open made the store', async () => {
    const dataDir = tempDir();
    const a = openStore({ dataDir });
    expect(a.created).toBe(true);
    const g = await a.graphs.create(emptyGraph('Kept'));
    await a.close();
    const b = openStore({ dataDir });
    expect(b.created).toBe(false);
    expect((await b.graphs.get(g.id))?.document.name).toBe('Kept');
    await b.close();
  });

  it('migrates a store of an earlier migration with its rows: a Bronze part recorded before parts held several files', async () => {
    // The migrations up to 0005 only, as a store last opened before 0006 has them.
    const migrationsFolder = join(tempDir(), 'migrations');
    cpSync(MIGRATIONS_DIR, migrationsFolder, { recursive: true });
    const journalFile = join(migrationsFolder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag.startsWith('0005_'));
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo + 1) }));

    // Migrated by drizzle directly: openStore's statements are prepared for today's schema.
    const dataDir = tempDir();
    const old = new Database(join(dataDir, 'sluice.db'));
    migrate(drizzle(old), { migrationsFolder });
    old
      .prepare(
        `insert into bronze_parts ("table", path, source_node, source_key, fingerprint, rows, bytes, schema_version, run_id, graph_id, created_at)
         values ('file:///t', 'p1.parquet', 'src', 'a.csv', 'm:1:1', 7, 99, 1, 'r1', 'g', 1700000000000)`,
      )
      .run();
    old.close();

    const store = openStore({ dataDir });
    expect(await store.bronzeParts.list('file:///t')).toEqual([
      {
        table: 'file:///t',
        path: 'p1.parquet',
        sourceNode: 'src',
        sourceKey: 'a.csv',
        fingerprint: 'm:1:1',
        rows: 7,
        bytes: 99,
        schemaVersion: 1,
        runId: 'r1',
        graphId: 'g',
        createdAt: new Date(1700000000000),
      },
    ]);
    // The new key: a second file's entry of the same part is a row of its own.
    await store.nodeStore('g').transaction(async (tx) => tx.parts.add({ ...(await store.bronzeParts.list('file:///t'))[0]!, sourceKey: 'b.csv', rows: 3 }));
    expect((await store.bronzeParts.filesIn('file:///t', 'p1.parquet')).map((p) => [p.sourceKey, p.rows])).toEqual([
      ['a.csv', 7],
      ['b.csv', 3],
    ]);
    await store.close();
  });

  it('refuses a PostgreSQL idle-in-transaction setting out of range before connecting, naming it', async () => {
    // Port 1: nothing listens there, so only a check made before connecting can answer with this.
    for (const bad of ['0', '3601', '1.5', 'soon']) {
      await expect(
        connectStore({ dataDir: tempDir(), databaseUrl: 'postgres://u:pw@127.0.0.1:1/db', env: { SLUICE_DB_IDLE_IN_TRANSACTION_SECONDS: bad } }),
      ).rejects.toThrow(`SLUICE_DB_IDLE_IN_TRANSACTION_SECONDS: "${bad}" must be a whole number of seconds from 1 to 3600`);
    }
  });

  it('names the database file when it cannot be opened', () => {
    const dataDir = tempDir();
    expect(() => openStore({ dataDir, migrationsFolder: join(dataDir, 'no-such-migrations') })).toThrow(/cannot open the store at .*sluice\.db/);
  });
});
