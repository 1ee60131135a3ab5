import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { col } from './native-expr.ts';

describe('col', () => {
  it('names a column wherever the public API takes an expression: select, groupBy, filter', async () => {
    const frame = pl.DataFrame({ f: ['a', 'b', 'a'], x: [1, 2, 3] }).lazy();
    expect((await frame.select(col('x')).collect()).getColumn('x').toArray()).toEqual([1, 2, 3]);
    const counts = await frame.groupBy(col('f')).len('n').sort('f').collect();
    expect(counts.toRecords()).toEqual([
      { f: 'a', n: 2 },
      { f: 'b', n: 1 },
    ]);
  });
});
