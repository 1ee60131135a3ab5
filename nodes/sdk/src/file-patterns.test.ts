import { describe, expect, it } from 'vitest';
import { compilePatterns } from './file-patterns.ts';

describe('compilePatterns', () => {
  it('matches globs on the key, names without a slash at any depth', () => {
    const m = compilePatterns(['*.csv.gz']);
    expect(m('a.csv.gz')).toBe(true);
    expect(m('2026/01/a.csv.gz')).toBe(true);
    expect(m('a.csv')).toBe(false);
  });

  it('anchors patterns that hold a slash', () => {
    const m = compilePatterns(['incoming/**/*.csv']);
    expect(m('incoming/x/a.csv')).toBe(true);
    expect(m('incoming/a.csv')).toBe(true);
    expect(m('other/a.csv')).toBe(false);
  });

  it('excludes what a negated pattern matches, and only that', () => {
    const m = compilePatterns(['**/*.csv', '!**/tmp_*']);
    expect(m('a/b.csv')).toBe(true);
    expect(m('a/tmp_b.csv')).toBe(false);
    expect(m('a/b.txt')).toBe(false);
  });

  it('with only negations, takes every other file', () => {
    const m = compilePatterns(['!*.tmp']);
    expect(m('a.csv')).toBe(true);
    expect(m('x/a.tmp')).toBe(false);
  });

  it('leaves hidden files out', () => {
    expect(compilePatterns(['**/*'])('.DS_Store')).toBe(false);
  });
});
