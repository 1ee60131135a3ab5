import type { ReadTable } from './duckdb-read.ts';

/** What Bronze should hold for one file: column names and types (DuckDB's), rows in DuckDB's JSON form. */
export interface ExpectedTable {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** Compares one column's values another way than by equal JSON form (an intended difference). */
  same?: Record<string, (landed: unknown, expected: unknown) => boolean>;
}

export interface Mismatch {
  where: string;
  landed: unknown;
  expected: unknown;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Compares what landed with what is expected, value by value: names, types, row count, every cell. */
export function compareTables(landed: ReadTable, expected: ExpectedTable): { mismatches: Mismatch[]; values: number } {
  const mismatches: Mismatch[] = [];
  const names = (t: { columns: { name: string }[] }) => t.columns.map((c) => c.name);
  if (!sameJson(names(landed), names(expected)))
    return { mismatches: [{ where: 'column names', landed: names(landed), expected: names(expected) }], values: 0 };
  landed.columns.forEach((c, i) => {
    if (c.type !== expected.columns[i]!.type) mismatches.push({ where: `type of ${c.name}`, landed: c.type, expected: expected.columns[i]!.type });
  });
  if (landed.rows.length !== expected.rows.length) mismatches.push({ where: 'row count', landed: landed.rows.length, expected: expected.rows.length });
  let values = 0;
  landed.rows.forEach((row, r) => {
    const want = expected.rows[r];
    if (!want) return;
    landed.columns.forEach((c, i) => {
      values++;
      const same = expected.same?.[c.name] ?? sameJson;
      if (!same(row[i], want[i])) mismatches.push({ where: `row ${r + 1}, ${c.name}`, landed: row[i], expected: want[i] });
    });
  });
  return { mismatches, values };
}
