import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { freeBytes, isNoSpace, namingNoSpace, NoSpaceError } from './no-space.ts';

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isNoSpace', () => {
  it("knows a full disk by Node's, SQLite's and polars' errors, also as a cause", () => {
    expect(isNoSpace(errno('ENOSPC', 'ENOSPC: no space left on device, write'))).toBe(true);
    expect(isNoSpace(errno('EDQUOT', 'EDQUOT: disk quota exceeded, write'))).toBe(true);
    expect(isNoSpace(errno('SQLITE_FULL', 'database or disk is full'))).toBe(true);
    expect(isNoSpace(new Error('parquet: File out of specification: underlying IO error: No space left on device (os error 28)'))).toBe(true);
    expect(isNoSpace(new Error('could not land a.csv', { cause: new Error('x', { cause: errno('ENOSPC', 'no space') }) }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isNoSpace(errno('EACCES', 'EACCES: permission denied, open'))).toBe(false);
    expect(isNoSpace(new Error('Invalid thrift: transport error'))).toBe(false);
    expect(isNoSpace(new Error('os error 2800'))).toBe(false);
    expect(isNoSpace(undefined)).toBe(false);
    expect(isNoSpace('ENOSPC')).toBe(false);
  });
});

describe('namingNoSpace', () => {
  it("names ENOSPC and the path, keeping the writer's words and the error as its cause", async () => {
    const err = errno('ENOSPC', 'ENOSPC: no space left on device, write');
    const named = await namingNoSpace(err, '/data/bronze/t/part.parquet');
    expect(named).toBeInstanceOf(NoSpaceError);
    expect(named).toMatchObject({
      code: 'ENOSPC',
      cause: err,
      message: 'no space left on device (ENOSPC) writing /data/bronze/t/part.parquet: ENOSPC: no space left on device, write',
    });
    expect(await namingNoSpace(named, '/elsewhere')).toBe(named);
  });

  it('returns any other error as it is on a disk with room (the full-disk case is in bronze-sink/disk-full.test.ts, on a real tmpfs)', async () => {
    const dir = mkdtempSync(`${tmpdir()}/sluice-no-space-`);
    expect(await freeBytes(dir)).toBeGreaterThan(1 << 20);
    const other = new Error('Invalid thrift: transport error');
    expect(await namingNoSpace(other, `${dir}/x`, dir)).toBe(other);
    expect(await freeBytes(`${dir}/missing`)).toBeUndefined();
  });
});
