import { describe, expect, it } from 'vitest';
import { newWriterName, partPath, writerOf } from './part-name.ts';
import { pendingPath } from './sink-file-names.ts';

const base = {
  sourceNode: 'src',
  key: 'a/b.csv',
  fingerprint: 'm:10:1',
  ingestedAt: new Date('2026-11-26T23:59:00Z'),
  index: 0,
  runId: 'r1',
  writer: '0a1b2c3d',
  taken: new Set<string>(),
};

describe('partPath', () => {
  it('derives the name from the source file, its fingerprint and the writer, under the UTC ingest date', () => {
    const p = partPath(base);
    expect(p).toMatch(/^ingest_date=2026-11-26\/part-[0-9a-f]{16}-[0-9a-f]{8}-0a1b2c3d\.parquet$/);
    expect(partPath({ ...base, runId: 'r2' })).toBe(p);
    const [, file, version] = /part-(\w+)-(\w+)-\w+\.parquet/.exec(p)!;
    const changed = partPath({ ...base, fingerprint: 'm:11:2' });
    expect(changed).toContain(`part-${file}-`);
    expect(changed).not.toContain(version);
    expect(partPath({ ...base, key: 'a/c.csv' })).not.toContain(file);
  });

  it('never gives two writers the same name: a writer that lost its run writes and removes only its own parts', () => {
    const other = partPath({ ...base, writer: newWriterName() });
    expect(other).not.toBe(partPath(base));
    expect(other).toMatch(/^ingest_date=2026-11-26\/part-[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{8}\.parquet$/);
    expect(newWriterName()).not.toBe(newWriterName());
  });

  it('never reuses the path of a live part, and tells apart several tables of one file', () => {
    const p = partPath(base);
    const again = partPath({ ...base, taken: new Set([p]) });
    expect(again).not.toBe(p);
    expect(again).toMatch(/-[0-9a-f]{6}\.parquet$/);
    expect(partPath({ ...base, index: 1 })).toMatch(/-1-0a1b2c3d\.parquet$/);
  });

  it('names its writer so that a clean-up can tell whose a part is, final or pending, with an index or a run suffix', () => {
    const digits = { ...base, writer: '12345678' };
    const taken = partPath({ ...digits, index: 3 });
    const paths = [
      partPath(base),
      partPath({ ...base, index: 2 }),
      partPath({ ...digits, taken: new Set([partPath(digits)]) }),
      partPath({ ...digits, index: 3, taken: new Set([taken]) }),
      partPath(digits),
    ];
    expect(paths.map(writerOf)).toEqual(['0a1b2c3d', '0a1b2c3d', '12345678', '12345678', '12345678']);
    expect(paths.map((p) => writerOf(pendingPath(p)))).toEqual(paths.map(writerOf));
    // Names of sinks that did not name their writers, and files that are no part: no writer.
    expect(writerOf('ingest_date=2026-11-26/part-0123456789abcdef-01234567.parquet')).toBeUndefined();
    expect(writerOf('ingest_date=2026-11-26/part-0123456789abcdef-01234567-2-abc123.parquet')).toBeUndefined();
    expect(writerOf('ingest_date=2026-11-26/.staged-00ff-part-0123456789abcdef-01234567.parquet')).toBeUndefined();
    expect(writerOf('_sluice_manifest.json.0a1b2c3d.tmp')).toBeUndefined();
  });
});
