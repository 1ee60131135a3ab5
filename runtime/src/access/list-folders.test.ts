import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunAccess } from '@sluice/sdk';
import { addRootAdvice, folderRoots, listFolders } from './list-folders.ts';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `<dir>/in` (an input root with a/, b/, a file and links), `<dir>/out` (the output root), `<dir>/secret` (outside). */
function sandbox() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-folders-')));
  made.push(dir);
  for (const f of ['in/b', 'in/a/deep', 'out/bronze', 'secret/inner']) mkdirSync(join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'in/file.csv'), 'x');
  symlinkSync(join(dir, 'secret'), join(dir, 'in/to-secret'));
  symlinkSync(join(dir, 'in/a'), join(dir, 'in/to-a'));
  const access: RunAccess = { inputRoots: [join(dir, 'in')], outputRoots: [join(dir, 'out')], allowedEndpoints: [] };
  return { dir, access };
}

describe('listFolders', () => {
  it('lists the sub-folders of a root, in name order, with links that stay inside and without files', async () => {
    const { dir, access } = sandbox();
    const listing = await listFolders(access, { kind: 'input', path: join(dir, 'in'), base: dir });
    expect(listing).toMatchObject({ kind: 'input', path: join(dir, 'in'), root: join(dir, 'in'), exists: true, truncated: false });
    expect(listing.folders).toEqual([
      { name: 'a', path: join(dir, 'in/a') },
      { name: 'b', path: join(dir, 'in/b') },
      { name: 'to-a', path: join(dir, 'in/a') },
    ]);
  });

  it('resolves a relative folder against the base', async () => {
    const { dir, access } = sandbox();
    const listing = await listFolders(access, { kind: 'input', path: 'a', base: join(dir, 'in') });
    expect(listing.path).toBe(join(dir, 'in/a'));
    expect(listing.folders.map((f) => f.name)).toEqual(['deep']);
  });

  it('refuses a folder outside the roots, naming the setting and the line that adds it without losing the others', async () => {
    const { dir, access } = sandbox();
    const refused = listFolders(access, { kind: 'input', path: join(dir, 'secret'), base: dir });
    await expect(refused).rejects.toMatchObject({ status: 422 });
    await expect(refused).rejects.toThrow(
      `"${join(dir, 'secret')}" is outside the folders this runtime may read (SLUICE_ALLOWED_ROOTS: ${join(dir, 'in')}). To allow it, add it to SLUICE_ALLOWED_ROOTS`,
    );
    await expect(refused).rejects.toThrow(`SLUICE_ALLOWED_ROOTS=${join(dir, 'in')}:${join(dir, 'secret')}`);
  });

  it('refuses to list through a symbolic link that leads out of the roots', async () => {
    const { dir, access } = sandbox();
    for (const path of [join(dir, 'in/to-secret'), join(dir, 'in/to-secret/inner'), 'to-secret']) {
      await expect(listFolders(access, { kind: 'input', path, base: join(dir, 'in') })).rejects.toThrow(/is outside the folders this runtime may read/);
    }
  });

  it('refuses ".." before reading anything, in both separators', async () => {
    const { dir, access } = sandbox();
    for (const path of ['..', '../secret', `${join(dir, 'in')}/../secret`, 'a/../../secret', 'a\\..\\..\\secret']) {
      await expect(listFolders(access, { kind: 'input', path, base: join(dir, 'in') })).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('climbs with ".."'),
      });
    }
  });

  it('refuses URLs and NUL characters', async () => {
    const { dir, access } = sandbox();
    await expect(listFolders(access, { kind: 'output', path: 's3://bucket/bronze', base: dir })).rejects.toThrow('is a URL, not a local folder');
    await expect(listFolders(access, { kind: 'input', path: `${join(dir, 'in')}\0x`, base: dir })).rejects.toThrow('NUL');
  });

  it('answers the same for a folder outside whether it exists or not (no probing)', async () => {
    const { dir, access } = sandbox();
    const message = async (name: string) =>
      ((await listFolders(access, { kind: 'input', path: join(dir, name), base: dir }).catch((e: Error) => e)) as Error).message.replaceAll(name, 'X');
    expect(await message('secret')).toBe(await message('nowhere'));
  });

  it('says that a folder inside a root does not exist yet, and that a file is not a folder', async () => {
    const { dir, access } = sandbox();
    expect(await listFolders(access, { kind: 'input', path: 'new/sub', base: join(dir, 'in') })).toEqual({
      kind: 'input',
      path: join(dir, 'in/new/sub'),
      root: join(dir, 'in'),
      exists: false,
      folders: [],
      truncated: false,
    });
    await expect(listFolders(access, { kind: 'input', path: 'file.csv', base: join(dir, 'in') })).rejects.toThrow('"file.csv" is a file, not a folder');
  });

  it('checks output folders against the output roots', async () => {
    const { dir, access } = sandbox();
    expect((await listFolders(access, { kind: 'output', path: 'out', base: dir })).folders.map((f) => f.name)).toEqual(['bronze']);
    await expect(listFolders(access, { kind: 'output', path: 'in', base: dir })).rejects.toThrow(
      /outside the folders this runtime may write \(SLUICE_OUTPUT_ROOTS: .*\/out\)/,
    );
  });

  it('lists at most `limit` sub-folders and says so', async () => {
    const { dir, access } = sandbox();
    const listing = await listFolders(access, { kind: 'input', path: join(dir, 'in'), base: dir, limit: 2 });
    expect(listing.folders).toHaveLength(2);
    expect(['a', 'b', 'to-a']).toEqual(expect.arrayContaining(listing.folders.map((f) => f.name)));
    expect(listing.truncated).toBe(true);
    expect((await listFolders(access, { kind: 'input', path: join(dir, 'in'), base: dir, limit: 3 })).truncated).toBe(false);
  });
});

describe('folderRoots and addRootAdvice', () => {
  it('name the setting of each kind', () => {
    expect(folderRoots({ inputRoots: ['/srv/in'], outputRoots: ['/srv/out'], allowedEndpoints: [] })).toEqual({
      input: { setting: 'SLUICE_ALLOWED_ROOTS', roots: ['/srv/in'] },
      output: { setting: 'SLUICE_OUTPUT_ROOTS', roots: ['/srv/out'] },
    });
    expect(addRootAdvice('output', ['/a', '/b'], '/c')).toMatch(/SLUICE_OUTPUT_ROOTS replaces the default folders .* SLUICE_OUTPUT_ROOTS=\/a:\/b:\/c$/);
  });
});
