import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_MAX_BYTES, readPluginReadme } from './plugin-readme.ts';

let root: string;
const pkg = (name: string, files: Record<string, string> = {}) => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sluice-readme-'));
  writeFileSync(join(root, 'secret.txt'), 'not part of any package');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readPluginReadme', () => {
  it("reads the README.md at the package's root, also spelled readme.md, also through a linked package folder", async () => {
    expect(await readPluginReadme(pkg('plain', { 'README.md': '# Plain\n' }))).toEqual({ markdown: '# Plain\n' });
    expect(await readPluginReadme(pkg('lower', { 'readme.md': '# lower\n' }))).toEqual({ markdown: '# lower\n' });
    symlinkSync(join(root, 'plain'), join(root, 'linked'));
    expect(await readPluginReadme(join(root, 'linked'))).toEqual({ markdown: '# Plain\n' });
  });

  it('says so when there is none, or when the package has no folder of its own', async () => {
    expect(await readPluginReadme(pkg('bare', { 'package.json': '{}' }))).toEqual({ missing: 'the package has no README.md' });
    expect(await readPluginReadme('.')).toEqual({ missing: 'the package has no folder of its own' });
    expect(await readPluginReadme(join(root, 'gone'))).toEqual({ missing: 'the package folder cannot be read (ENOENT)' });
  });

  it('refuses a README whose real path leaves the package folder; a link inside the package is followed', async () => {
    symlinkSync(join(root, 'secret.txt'), join(pkg('escape'), 'README.md'));
    expect(await readPluginReadme(join(root, 'escape'))).toEqual({ missing: 'its README.md links outside the package folder and is not served' });
    symlinkSync('/etc/passwd', join(pkg('passwd'), 'README.md'));
    expect(await readPluginReadme(join(root, 'passwd'))).toEqual({ missing: 'its README.md links outside the package folder and is not served' });
    symlinkSync('../plain/README.md', join(pkg('sibling'), 'README.md'));
    expect(await readPluginReadme(join(root, 'sibling'))).toMatchObject({ missing: expect.stringMatching(/outside the package folder/) });
    const inside = pkg('inside', { 'GUIDE.md': '# Guide\n' });
    symlinkSync('GUIDE.md', join(inside, 'README.md'));
    expect(await readPluginReadme(inside)).toEqual({ markdown: '# Guide\n' });
    symlinkSync(join(root, 'nowhere'), join(pkg('broken'), 'README.md'));
    expect(await readPluginReadme(join(root, 'broken'))).toEqual({ missing: 'its README.md is a broken link' });
  });

  it('refuses what is not a regular file, a FIFO included (without hanging)', async () => {
    mkdirSync(join(pkg('folder'), 'README.md'));
    expect(await readPluginReadme(join(root, 'folder'))).toEqual({ missing: 'its README.md is not a regular file' });
    execFileSync('mkfifo', [join(pkg('fifo'), 'README.md')]);
    expect(await readPluginReadme(join(root, 'fifo'))).toEqual({ missing: 'its README.md is not a regular file' });
  });

  it(`serves up to ${README_MAX_BYTES / 1024} KiB and refuses a byte more, with a clear reason`, async () => {
    const full = 'a'.repeat(README_MAX_BYTES);
    expect(await readPluginReadme(pkg('full', { 'README.md': full }))).toEqual({ markdown: full });
    expect(await readPluginReadme(pkg('over', { 'README.md': `${full}b` }))).toEqual({
      missing: 'its README.md is over the 256 KiB that node help shows; read it in the package',
    });
    expect(await readPluginReadme(pkg('small-limit', { 'README.md': 'x'.repeat(2048) }), 1024)).toMatchObject({
      missing: expect.stringMatching(/over the 1 KiB/),
    });
  });
});
