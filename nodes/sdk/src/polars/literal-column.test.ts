import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { literalColumn, withLiteralColumns } from './literal-column.ts';

describe('literalColumn', () => {
  const frame = pl.DataFrame({ a: [1, 2, 3] }).lazy();
  const at = new Date('2026-11-26T10:11:12.345Z');
  const ts = pl.Datetime('ms', 'UTC');

  it('adds the same columns, types and values as the public lit/cast/alias chain', async () => {
    const fast = await frame
      .withColumns(
        literalColumn('_source_file', 'file:///x/a b.jsonl'),
        literalColumn('_at', at, ts),
        literalColumn('_none', null, pl.String),
        literalColumn('_n', 7),
      )
      .collect();
    const slow = await frame
      .withColumns(
        pl.lit('file:///x/a b.jsonl').alias('_source_file'),
        pl.lit(at).cast(ts).alias('_at'),
        pl.lit(null).cast(pl.String).alias('_none'),
        pl.lit(7).alias('_n'),
      )
      .collect();
    expect(fast.columns).toEqual(['a', '_source_file', '_at', '_none', '_n']);
    expect(fast.dtypes.map(String)).toEqual(slow.dtypes.map(String));
    expect(fast.toRecords()).toEqual(slow.toRecords());
    expect(fast.getColumn('_at').cast(pl.String).get(2)).toBe('2026-11-26 10:11:12.345+00:00');
    expect(fast.getColumn('_none').nullCount()).toBe(3);
  });

  it('replaces a column of the same name in place, as withColumns does', async () => {
    const out = await pl
      .DataFrame({ _source_file: ['x'], b: [1] })
      .lazy()
      .withColumns(literalColumn('_source_file', 'y'))
      .collect();
    expect(out.columns).toEqual(['_source_file', 'b']);
    expect(out.getColumn('_source_file').get(0)).toBe('y');
  });

  it('works in select and in an eager frame as well', () => {
    const df = pl.DataFrame({ a: [1, 2] });
    expect(df.withColumns(literalColumn('k', 'v')).getColumn('k').toArray()).toEqual(['v', 'v']);
    expect(df.lazy().select(pl.col('a'), literalColumn('k', true)).collectSync().getColumn('k').toArray()).toEqual([true, true]);
  });
});

describe('withLiteralColumns', () => {
  const literals = [
    { name: '_sheet', value: 'Cover' },
    { name: '_n', value: 7 },
  ];

  it('adds the columns to every row, at the end or first', () => {
    const df = pl.DataFrame({ a: [1, 2] });
    expect(withLiteralColumns(df, literals).toRecords()).toEqual([
      { a: 1, _sheet: 'Cover', _n: 7 },
      { a: 2, _sheet: 'Cover', _n: 7 },
    ]);
    const first = withLiteralColumns(df.lazy(), literals, { first: true }).collectSync();
    expect(first.columns).toEqual(['_sheet', '_n', 'a']);
    expect(first.height).toBe(2);
  });

  it('invents no row on a frame without columns, eager or lazy, first or not', () => {
    // pl.lit alone broadcasts to one row: `pl.DataFrame({}).withColumns(pl.lit('x'))` has height 1.
    for (const empty of [pl.DataFrame({}), pl.DataFrame({ a: [1, 2, 3] }).select()]) {
      for (const first of [false, true]) {
        const eager = withLiteralColumns(empty, literals, { first });
        expect(eager.shape).toEqual({ height: 0, width: 2 });
        expect(eager.dtypes.map((t) => t.variant)).toEqual(['String', 'Float64']);
        expect(withLiteralColumns(empty.lazy(), literals, { first }).collectSync().shape).toEqual({ height: 0, width: 2 });
        expect(withLiteralColumns(empty.lazy(), literals, { first, columns: [] }).collectSync().shape).toEqual({ height: 0, width: 2 });
      }
    }
  });

  it('keeps a frame of columns and no rows without rows', () => {
    const none = pl.DataFrame({ a: [] as number[] });
    expect(withLiteralColumns(none, literals, { first: true }).shape).toEqual({ height: 0, width: 3 });
    expect(withLiteralColumns(none.lazy(), literals).collectSync().shape).toEqual({ height: 0, width: 3 });
  });

  it('replaces a column of the same name, keeping its place unless asked first', () => {
    const df = pl.DataFrame({ a: [1], _sheet: ['old'] });
    expect(withLiteralColumns(df, [{ name: '_sheet', value: 'new' }]).toRecords()).toEqual([{ a: 1, _sheet: 'new' }]);
    expect(withLiteralColumns(df, [{ name: '_sheet', value: 'new' }], { first: true }).columns).toEqual(['_sheet', 'a']);
  });
});
