import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/sluice.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sluice-serve-bind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('sluice serve --host 0.0.0.0 refuses to start over plain http and says why (a real process)', () => {
  const data = join(dir, 'data');
  const r = spawnSync(process.execPath, [BIN, 'serve', '--host', '0.0.0.0', '--port', '0', '--data', data], {
    encoding: 'utf8',
    env: { ...process.env, SLUICE_API_TOKEN: '' },
    timeout: 60_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    /sluice serve: refusing to listen on 0\.0\.0\.0 over plain http: it is not a loopback address, so API tokens, passwords and the session cookie would cross the network in clear/,
  );
  // Nothing is made on disk before the options pass: no database, not even the plugins folder.
  expect(existsSync(data)).toBe(false);
  const bad = spawnSync(process.execPath, [BIN, 'serve', '--allowed-hosts', '*', '--port', '0', '--data', data], { encoding: 'utf8', timeout: 60_000 });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('--allowed-hosts: "*" is not a host name');
});
