import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './bench-args.ts';
import { median, rotate } from './stats.ts';

describe('pnpm bench arguments', () => {
  it('defaults to every workload, 3 runs, full size', () => {
    expect(parseBenchArgs([])).toMatchObject({ only: ['W1', 'W2', 'W3', 'W4', 'W5'], runs: 3, scale: 'full', cpuProf: false });
  });

  it('reads --only, --runs and --quick (one run by default when quick)', () => {
    expect(parseBenchArgs(['--only', 'w1,W3', '--runs', '5'])).toMatchObject({ only: ['W1', 'W3'], runs: 5 });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ scale: 'quick', runs: 1 });
  });

  it('reads --w2: W2 from the folder or from S3 alone', () => {
    expect(parseBenchArgs([])).toMatchObject({ w2Source: 'all' });
    expect(parseBenchArgs(['--only', 'W2', '--w2', 's3'])).toMatchObject({ only: ['W2'], w2Source: 's3' });
  });

  it('reads --workers: the worker counts of the PostgreSQL cases, none with 0', () => {
    expect(parseBenchArgs([])).toMatchObject({ workers: [1, 2, 4] });
    expect(parseBenchArgs(['--workers', '2,1,2'])).toMatchObject({ workers: [2, 1] });
    expect(parseBenchArgs(['--workers', '0'])).toMatchObject({ workers: [] });
    expect(parseBenchArgs(['--workers', 'none'])).toMatchObject({ workers: [] });
  });

  it('names the bad flag', () => {
    expect(() => parseBenchArgs(['--only', 'W9'])).toThrow(/--only: unknown workload "W9"/);
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(/--runs: "0" is not a positive integer/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/fast/);
    expect(() => parseBenchArgs(['--w2', 'ftp'])).toThrow(/--w2: unknown source "ftp"/);
    expect(() => parseBenchArgs(['--workers', '1,0'])).toThrow(/--workers: "0" is not a positive integer/);
    expect(() => parseBenchArgs(['--workers', 'two'])).toThrow(/--workers: "two" is not a positive integer/);
  });
});

describe('medians and interleaving', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('starts each round with the next engine', () => {
    expect(rotate(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });
});
