import type { CellValue } from 'exceljs';

/** What one cell lands as, before its column gets a type. */
export type CellScalar = string | number | boolean | Date | null;

export type FormulaMode = 'result' | 'text';

/** A formula cell whose wanted form is not in the file (counted for one warning per sheet). */
export interface CellNotes {
  formulasWithoutResult: number;
  formulasWithoutText: number;
}

export function emptyNotes(): CellNotes {
  return { formulasWithoutResult: 0, formulasWithoutText: 0 };
}

/**
 * One exceljs cell value as a scalar. Formulas give their cached result (exceljs does not
 * calculate; a workbook saved without calculation has none) or their text with a leading `=`;
 * `formulaText` is the cell's formula as exceljs translates it (shared formulas included).
 * Rich text and hyperlinks give their text; errors give the error code (`#N/A`), not null, so that
 * Bronze shows what the sheet showed.
 */
export function cellScalar(value: CellValue, formulas: FormulaMode, formulaText: string | undefined, notes: CellNotes): CellScalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value) {
    if (formulas === 'text') {
      const text = formulaText || ('formula' in value ? value.formula : undefined);
      if (text) return `=${text}`;
      notes.formulasWithoutText++;
      return null;
    }
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) {
      notes.formulasWithoutResult++;
      return null;
    }
    return cellScalar(result as CellValue, formulas, undefined, notes);
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return value.error;
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? text : cellScalar(text as CellValue, formulas, undefined, notes);
  }
  return JSON.stringify(value);
}
