import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { columnIn, lookupColumn } from './lookup-column.ts';

describe('lookupColumn and columnIn', () => {
  const frame = pl.DataFrame({ f: ['a', 'b', 'a', 'c'], x: [1, 2, 3, 4] }).lazy();
  const keys = ['a', 'b', 'c'];
  const ts = pl.Datetime('ms', 'UTC');
  const dates = [new Date('2026-01-01T00:00:00.123Z'), new Date('2026-02-01Z'), new Date('1969-12-31T23:59:59.999Z')];

  it('give the same columns, types and values as the public replaceStrict and isIn', async () => {
    const uris = ['A', null, 'C'];
    const fast = await frame
      .filter(columnIn('f', ['a', 'c']))
      .withColumns(lookupColumn('u', 'f', keys, uris), lookupColumn('at', 'f', keys, dates, ts), lookupColumn('plain', 'f', keys, dates))
      .collect();
    const slow = await frame
      .filter(pl.col('f').isIn(['a', 'c']))
      .withColumns(
        pl
          .col('f')
          .replaceStrict(keys, pl.lit(pl.Series('u', uris, pl.String)))
          .alias('u'),
        pl
          .col('f')
          .replaceStrict(keys, pl.lit(pl.Series(dates).cast(ts)))
          .alias('at'),
        pl
          .col('f')
          .replaceStrict(keys, pl.lit(pl.Series(dates)))
          .alias('plain'),
      )
      .collect();
    expect(fast.columns).toEqual(['f', 'x', 'u', 'at', 'plain']);
    expect(fast.dtypes.map(String)).toEqual(slow.dtypes.map(String));
    expect(String(fast.dtypes[3])).toBe(String(ts));
    expect(fast.toRecords()).toEqual(slow.toRecords());
    expect(fast.getColumn('u').toArray()).toEqual(['A', 'A', 'C']);
    expect(fast.getColumn('at').toArray()).toEqual([dates[0], dates[0], dates[2]]);
  });

  it('fails the query on a key it was not given, rather than landing a null', async () => {
    await expect(frame.withColumns(lookupColumn('u', 'f', ['a', 'b'], ['A', 'B'])).collect()).rejects.toThrow();
  });
});
