import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ListedFile, walkFolder } from './walk-folder.ts';

function tree(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-walk-')));
  mkdirSync(join(dir, 'in/a/b'), { recursive: true });
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'in/top.csv'), '1');
  writeFileSync(join(dir, 'in/a/mid.csv'), '22');
  writeFileSync(join(dir, 'in/a/b/deep.csv'), '333');
  writeFileSync(join(dir, 'outside/secret.csv'), 'x');
  return dir;
}

async function collect(it: AsyncIterable<ListedFile>): Promise<ListedFile[]> {
  const out: ListedFile[] = [];
  for await (const f of it) out.push(f);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

describe('walkFolder', () => {
  it('lists files recursively with "/"-separated keys, sizes and times', async () => {
    const dir = tree();
    const files = await collect(walkFolder(join(dir, 'in'), { recursive: true, roots: [dir], onSkip: () => {} }));
    expect(files.map((f) => [f.key, f.size])).toEqual([
      ['a/b/deep.csv', 3],
      ['a/mid.csv', 2],
      ['top.csv', 1],
    ]);
    expect(files[0]!.path).toBe(join(dir, 'in/a/b/deep.csv'));
    expect(files[0]!.modifiedAt).toBeInstanceOf(Date);
  });

  it('stays in the folder when not recursive', async () => {
    const dir = tree();
    const files = await collect(walkFolder(join(dir, 'in'), { recursive: false, roots: [dir], onSkip: () => {} }));
    expect(files.map((f) => f.key)).toEqual(['top.csv']);
  });

  it('follows links inside the allowed roots, refuses the others and stops loops', async () => {
    const dir = tree();
    const root = join(dir, 'in');
    symlinkSync(join(dir, 'outside/secret.csv'), join(root, 'escape.csv'));
    symlinkSync(join(root, 'a/mid.csv'), join(root, 'alias.csv'));
    symlinkSync(root, join(root, 'a/loop'));
    symlinkSync(join(dir, 'missing'), join(root, 'broken.csv'));
    const skipped: string[] = [];
    const files = await collect(walkFolder(root, { recursive: true, roots: [root], onSkip: (k, why) => skipped.push(`${k} ${why}`) }));
    expect(files.map((f) => f.key)).toEqual(['a/b/deep.csv', 'a/mid.csv', 'alias.csv', 'top.csv']);
    expect(files.find((f) => f.key === 'alias.csv')!.path).toBe(join(root, 'a/mid.csv'));
    expect(skipped.sort()).toEqual([
      'a/loop is a symbolic link to a folder that contains it (a loop)',
      'broken.csv is a broken symbolic link',
      `escape.csv is a symbolic link to ${join(dir, 'outside/secret.csv')}, outside the allowed roots`,
    ]);
  });

  it('lists each file of folders bigger than several stat batches once, with its own size', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-walk-batches-')));
    mkdirSync(join(dir, 'sub'));
    const want: [string, number][] = [];
    for (let i = 0; i < 300; i++) {
      const key = i % 3 ? `f${i}.csv` : `sub/f${i}.csv`;
      writeFileSync(join(dir, key), 'x'.repeat(i % 11));
      want.push([key, i % 11]);
    }
    const files = await collect(walkFolder(dir, { recursive: true, roots: [dir], onSkip: () => {} }));
    expect(files.map((f) => [f.key, f.size])).toEqual(want.sort((a, b) => a[0].localeCompare(b[0])));
  });

  it('yields the first file before the listing of a big folder ends', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-walk-big-')));
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, `f${i}.csv`), '');
    let reads = 0;
    const it = walkFolder(dir, { recursive: true, roots: [dir], onSkip: () => {} });
    const first = await it.next();
    // The generator is suspended after the first file: the rest of the folder has not been stat'ed.
    expect(first.done).toBe(false);
    for await (const _ of it) reads++;
    expect(reads).toBe(2999);
  });
});
