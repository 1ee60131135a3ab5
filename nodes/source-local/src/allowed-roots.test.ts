import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputRootsOf, resolveFolder } from './allowed-roots.ts';

function sandbox() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-roots-')));
  mkdirSync(join(dir, 'allowed/data'), { recursive: true });
  mkdirSync(join(dir, 'secret'), { recursive: true });
  writeFileSync(join(dir, 'secret/passwd'), 'x');
  return dir;
}

describe('inputRootsOf', () => {
  it('takes the input roots the runtime handed the run', () => {
    expect(inputRootsOf({ inputRoots: ['/srv/in'], outputRoots: ['/srv/out'], allowedEndpoints: [] })).toEqual(['/srv/in']);
  });

  it('refuses a run given no access settings rather than reading anywhere', () => {
    expect(() => inputRootsOf(undefined)).toThrow(
      /given no access settings \(RunAccess\): a local source reads only inside the input roots .*SLUICE_ALLOWED_ROOTS/,
    );
  });
});

describe('resolveFolder', () => {
  it('resolves a relative folder against the base and returns its real path', async () => {
    const dir = sandbox();
    expect((await resolveFolder('data', join(dir, 'allowed'), [join(dir, 'allowed')])).folder).toBe(join(dir, 'allowed/data'));
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

  it('refuses everything when there is no root', async () => {
    const dir = sandbox();
    await expect(resolveFolder('allowed', dir, [])).rejects.toThrow(/outside the allowed roots \(none\)/);
  });

  it('names a missing folder', async () => {
    const dir = sandbox();
    await expect(resolveFolder('nope', dir, [dir])).rejects.toThrow(/folder "nope" \(.*nope\) does not exist/);
  });

  it('answers the same for a folder outside the roots whether it exists or not (no probing)', async () => {
    const dir = sandbox();
    mkdirSync(join(dir, 'elsewhere'));
    const message = async (folder: string) => ((await resolveFolder(folder, dir, [join(dir, 'allowed')]).catch((e: Error) => e)) as Error).message;
    const existing = await message('elsewhere');
    const missing = await message('nowhere');
    expect(existing).toMatch(/outside the allowed roots/);
    expect(missing.replaceAll('nowhere', 'X')).toBe(existing.replaceAll('elsewhere', 'X'));
  });
});
