import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { main } from './main.ts';

// The CLI on a PostgreSQL store: SLUICE_DATABASE_URL picks it, the data folder keeps no database.

const EXAMPLE = fileURLToPath(new URL('../../../examples/gzip-csv-to-bronze/graph.json', import.meta.url));

let db: TestPgDatabase;
let data: string;
let out: string[];
let err: string[];
beforeAll(async () => {
  db = await createTestPgDatabase();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'sluice-cli-pg-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(data, { recursive: true, force: true });
});

const rows = <T>(query: string) => db.rows<T>(query);

describe('sluice on PostgreSQL (SLUICE_DATABASE_URL)', () => {
  it('runs a graph with its runs and checkpoints in PostgreSQL: the second run skips every file', async () => {
    const env = { SLUICE_DATABASE_URL: db.url };
    expect(await main(['run', EXAMPLE, '--data', data], env), err.join('\n')).toBe(0);
    expect(out.join('\n')).toMatch(/succeeded in \d+ ms: 6 processed, 0 skipped, 0 failed, 336 rows landed/);
    expect(existsSync(join(data, 'sluice.db'))).toBe(false);
    expect(await rows<{ status: string }>('select status from runs')).toEqual([{ status: 'succeeded' }]);
    expect((await rows<{ n: string }>('select count(*) as n from checkpoints'))[0]?.n).toBe('6');
    out = [];
    expect(await main(['run', EXAMPLE, '--data', data], env)).toBe(0);
    expect(out.join('\n')).toMatch(/succeeded in \d+ ms: 0 processed, 6 skipped, 0 failed, 0 rows landed/);
  });

  it('keeps users and API tokens in PostgreSQL', async () => {
    const env = { SLUICE_DATABASE_URL: db.url };
    expect(await main(['token', 'create', '--name', 'ci', '--data', data], env), err.join('\n')).toBe(0);
    expect(await main(['token', 'list', '--data', data], env)).toBe(0);
    expect(out.join('\n')).toMatch(/ci\s+admin/);
    expect((await rows<{ name: string }>('select name from api_tokens')).map((r) => r.name)).toContain('ci');
  });

  it('names the server, never the password, when it cannot connect', async () => {
    const env = { SLUICE_DATABASE_URL: 'postgres://sluice:s3cret-pw@127.0.0.1:1/nowhere' };
    expect(await main(['run', EXAMPLE, '--data', data], env)).toBe(1);
    const said = err.join('\n');
    expect(said).toMatch(/127\.0\.0\.1:1/);
    expect(said).not.toMatch(/s3cret-pw/);
  });

  it('refuses to run beside a server (or another run) serving the same PostgreSQL store, naming it', async () => {
    const { startServer } = await import('../server.ts');
    const other = mkdtempSync(join(tmpdir(), 'sluice-serve-pg-'));
    const server = await startServer({ dataDir: other, port: 0, env: { SLUICE_DATABASE_URL: db.url }, log: () => {} });
    try {
      expect(await main(['run', EXAMPLE, '--data', data], { SLUICE_DATABASE_URL: db.url })).toBe(1);
      expect(err.join('\n')).toMatch(/sluice run: another Sluice process serves this store \(.+:\d+:[0-9a-f]+, its lease lasts until/);
    } finally {
      await server.close();
      rmSync(other, { recursive: true, force: true });
    }
    // Once the server is gone (its lease given up), the run goes ahead.
    expect(await main(['run', EXAMPLE, '--data', data], { SLUICE_DATABASE_URL: db.url }), err.join('\n')).toBe(0);
  });
});
