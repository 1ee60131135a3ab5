import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAllowedRoots, resolveFolder } from './allowed-roots.ts';

function sandbox() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-roots-')));
  mkdirSync(join(dir, 'allowed/data'), { recursive: true });
  mkdirSync(join(dir, 'secret'), { recursive: true });
  writeFileSync(join(dir, 'secret/passwd'), 'x');
  return dir;
}

describe('resolveAllowedRoots', () => {
  it('defaults to the working directory, the data folder and the graph folder', () => {
    expect(resolveAllowedRoots({}, '/w', { data: '/d', graph: '/w/examples/x' })).toEqual(['/w', '/d', '/w/examples/x']);
    expect(resolveAllowedRoots({ SLUICE_DATA_DIR: 'data' }, '/w')).toEqual(['/w', '/w/data']);
  });

  it('never defaults to the file system root (a service started from "/")', () => {
    expect(resolveAllowedRoots({}, '/', { data: '/var/lib/sluice', graph: '/var/lib/sluice' })).toEqual(['/var/lib/sluice']);
    expect(resolveAllowedRoots({ SLUICE_ALLOWED_ROOTS: '/' }, '/')).toEqual(['/']);
  });

  it('takes SLUICE_ALLOWED_ROOTS instead, a ":"-separated list relative to the working directory', () => {
    expect(resolveAllowedRoots({ SLUICE_ALLOWED_ROOTS: '/srv/in::incoming' }, '/w', { data: '/d', graph: '/g' })).toEqual(['/srv/in', '/w/incoming']);
  });
});

describe('resolveFolder', () => {
  it('resolves a relative folder against the base and returns its real path', async () => {
    const dir = sandbox();
    expect(await resolveFolder('data', join(dir, 'allowed'), [join(dir, 'allowed')])).toBe(join(dir, 'allowed/data'));
  });

  it('refuses an escape through ".."', async () => {
    const dir = sandbox();
    await expect(resolveFolder('../secret', join(dir, 'allowed'), [join(dir, 'allowed')])).rejects.toThrow(
      /folder "..\/secret" resolves to .*secret, which is outside the allowed roots .*SLUICE_ALLOWED_ROOTS/,
    );
  });

  it('refuses an escape through a symbolic link', async () => {
    const dir = sandbox();
    symlinkSync(join(dir, 'secret'), join(dir, 'allowed/link'));
    await expect(resolveFolder('link', join(dir, 'allowed'), [join(dir, 'allowed')])).rejects.toThrow(/outside the allowed roots/);
  });

  it('names a missing folder', async () => {
    const dir = sandbox();
    await expect(resolveFolder('nope', dir, [dir])).rejects.toThrow(/folder "nope" \(.*nope\) does not exist/);
  });
});
