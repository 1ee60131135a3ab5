import type { DataFrame } from 'nodejs-polars';
import type { CellNotes, FormulaMode } from './cell-scalar.ts';
import type { SheetLayout } from './sheet-frame.ts';
import type { SheetSelection } from './sheet-selection.ts';

export interface SheetResult {
  name: string;
  /** 1-based position among the workbook's worksheets. */
  position: number;
  frame: DataFrame;
}

export interface ReadOptions extends SheetLayout, SheetSelection {
  formulas: FormulaMode;
}

/** Warnings about one sheet's cells: formulas whose wanted form the file does not hold. */
export function noteWarnings(sheet: string, notes: CellNotes): string[] {
  const out: string[] = [];
  if (notes.formulasWithoutResult) {
    out.push(
      `sheet "${sheet}": ${notes.formulasWithoutResult} formula cell(s) have no cached result (the workbook was saved without calculating); they are null`,
    );
  }
  if (notes.formulasWithoutText) {
    out.push(`sheet "${sheet}": ${notes.formulasWithoutText} cell(s) of shared formulas have no formula text in streaming mode; they are null`);
  }
  return out;
}
