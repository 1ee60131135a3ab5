import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { combineSheets } from './combine-sheets.ts';

const sheet = (name: string, position: number, frame: pl.DataFrame) => ({ name, position, frame });

describe('combineSheets', () => {
  it('keeps a column typed when another sheet has it without a value (header only, or only empty cells)', () => {
    // A sheet's column with no value is text (sheet-frame's "none" kind); it must not turn the numbers of the other sheets into text.
    const all = combineSheets([
      sheet('Jan', 1, pl.DataFrame([pl.Series('id', [1, 2], pl.Float64)])),
      sheet('Header only', 2, pl.DataFrame([pl.Series('id', [], pl.Utf8)])),
      sheet('Blank cells', 3, pl.DataFrame([pl.Series('id', [null], pl.Utf8), pl.Series('v', ['x'], pl.Utf8)])),
      sheet('Feb', 4, pl.DataFrame([pl.Series('id', [3], pl.Float64)])),
    ]);
    expect(all.getColumn('id').dtype.variant).toBe('Float64');
    expect(all.getColumn('id').toArray()).toEqual([1, 2, null, 3]);
    expect(all.getColumn('_sheet').toArray()).toEqual(['Jan', 'Jan', 'Blank cells', 'Feb']);
  });

  it('still makes a column text when sheets hold values of different types', () => {
    const all = combineSheets([
      sheet('Jan', 1, pl.DataFrame([pl.Series('id', [1, 2.5], pl.Float64)])),
      sheet('Feb', 2, pl.DataFrame([pl.Series('id', ['n/a'], pl.Utf8)])),
    ]);
    expect(all.getColumn('id').toArray()).toEqual(['1', '2.5', 'n/a']);
  });
});
