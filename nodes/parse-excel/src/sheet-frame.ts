import pl from 'nodejs-polars';
import type { DataFrame, Series } from 'nodejs-polars';
import type { CellScalar } from './cell-scalar.ts';

export interface SheetLayout {
  /** Rows above the header (or above the data when there is no header). */
  skipRows: number;
  header: boolean;
}

/** A column's values as one typed series: one cell type throughout keeps it, a mix becomes text. */
function columnSeries(name: string, values: CellScalar[]): Series {
  let kind: 'none' | 'number' | 'boolean' | 'date' | 'text' = 'none';
  for (const v of values) {
    if (v === null) continue;
    const k = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : v instanceof Date ? 'date' : 'text';
    if (kind === 'none') kind = k;
    else if (kind !== k) {
      kind = 'text';
      break;
    }
  }
  if (kind === 'number') return pl.Series(name, values, pl.Float64);
  if (kind === 'boolean') return pl.Series(name, values, pl.Bool);
  if (kind === 'date') return pl.Series(name, values, pl.Datetime('ms'));
  return pl.Series(name, values.map(asText), pl.Utf8);
}

function asText(v: CellScalar): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  return String(v);
}

function uniqueName(name: string, taken: Set<string>): string {
  let n = name;
  for (let i = 2; taken.has(n); i++) n = `${name}_${i}`;
  taken.add(n);
  return n;
}

/**
 * Collects a sheet's rows column by column (never one JS object per row) and builds the polars
 * frame at the end. Rows come with their sheet row number (1-based), so rows the reader leaves out
 * (empty ones, in streaming mode) are accounted for. Entirely empty rows are dropped.
 */
export function sheetFrameBuilder(layout: SheetLayout) {
  const headerRow = layout.header ? layout.skipRows + 1 : 0;
  let header: CellScalar[] = [];
  const columns: CellScalar[][] = [];
  let height = 0;
  return {
    add(rowNumber: number, cells: CellScalar[]): void {
      if (rowNumber <= layout.skipRows) return;
      if (rowNumber === headerRow) {
        header = cells;
        return;
      }
      if (!cells.some((c) => c !== null && c !== '')) return;
      for (let i = 0; i < cells.length; i++) {
        let col = columns[i];
        if (!col) {
          col = new Array<CellScalar>(height).fill(null);
          columns[i] = col;
        }
        col.push(cells[i] ?? null);
      }
      height++;
      for (let i = cells.length; i < columns.length; i++) columns[i]?.push(null);
    },
    get rows(): number {
      return height;
    },
    finish(): DataFrame {
      const width = Math.max(columns.length, header.length);
      const taken = new Set<string>();
      const series: Series[] = [];
      for (let i = 0; i < width; i++) {
        const raw = asText(header[i] ?? null)?.trim();
        const name = uniqueName(raw ? raw : `column_${i + 1}`, taken);
        series.push(columnSeries(name, columns[i] ?? new Array<CellScalar>(height).fill(null)));
      }
      return series.length ? pl.DataFrame(series) : pl.DataFrame({});
    },
  };
}
