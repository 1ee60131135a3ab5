import { describe, expect, it } from 'vitest';
import { KEEP_HEAD_AT_MOST, keptHeadReader } from './kept-head.ts';

/** A file's bytes behind a reader that counts its reads and what they asked for. */
function fileOf(text: string) {
  const bytes = Buffer.from(text);
  const reads: { n: number; kept: boolean }[] = [];
  const read = async (n: number, kept: boolean) => {
    reads.push({ n, kept });
    return Buffer.from(bytes.subarray(0, n));
  };
  return { reads, readHead: keptHeadReader(bytes.length, read) };
}

describe('keptHeadReader', () => {
  it('reads a small file whole at the first head, serves the head that takes it all from that read, then reads again', async () => {
    const f = fileOf('id,name\n1,x\n');
    expect((await f.readHead(4)).toString()).toBe('id,n');
    expect((await f.readHead(2)).toString()).toBe('id');
    expect((await f.readHead(64 * 1024)).toString()).toBe('id,name\n1,x\n');
    expect(f.reads).toEqual([{ n: 12, kept: true }]);
    expect((await f.readHead(4)).toString()).toBe('id,n');
    expect(f.reads).toHaveLength(2);
  });

  it('reads a head that takes a small file whole at once, keeping nothing', async () => {
    const f = fileOf('a\n1\n');
    expect((await f.readHead(1024)).toString()).toBe('a\n1\n');
    expect((await f.readHead(1)).toString()).toBe('a');
    expect(f.reads).toEqual([
      { n: 4, kept: false },
      { n: 4, kept: true },
    ]);
  });

  it('reads a file above the kept size for each head, `n` bytes at a time', async () => {
    const f = fileOf('x'.repeat(KEEP_HEAD_AT_MOST + 1));
    await f.readHead(4);
    await f.readHead(4);
    expect(f.reads).toEqual([
      { n: 4, kept: false },
      { n: 4, kept: false },
    ]);
  });
});
