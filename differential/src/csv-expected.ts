import type { ExpectedTable } from './compare-tables.ts';
import type { CsvCase } from './csv-cases.ts';
import type { ReadTable } from './duckdb-read.ts';
import type { AppliedDifferences } from './intended-differences.ts';
import { DOUBLE_DIGITS, significantDigits } from './significant-digits.ts';

/** parse-csv's documented names for header cells: empty -> column_<position>, repeated -> <name>_duplicated_<n>. */
export function csvColumnNames(header: unknown[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell, i) => {
    const name = cell === null || cell === '' ? `column_${i + 1}` : String(cell);
    const n = seen.get(name);
    seen.set(name, (n ?? -1) + 1);
    return n === undefined ? name : `${name}_duplicated_${n}`;
  });
}

const INT64 = /^-?(0|[1-9][0-9]*)$/;

/**
 * The text of a typed column's cell, converted as parse-csv documents it: Int64 only from canonical
 * integers in range, Float64 from a number whose digits a double holds (at most 17 significant), Boolean from true/false.
 */
const typedSame: Record<string, (landed: unknown, text: unknown) => boolean> = {
  BIGINT: (landed, text) =>
    text === null
      ? landed === null
      : INT64.test(String(text)) && BigInt(String(text)) === BigInt(String(landed)) && BigInt.asIntN(64, BigInt(String(text))) === BigInt(String(text)),
  DOUBLE: (landed, text) => {
    if (text === null) return landed === null;
    const t = String(text).trim().toLowerCase();
    const want =
      t === 'nan' ? Number.NaN : t === 'inf' || t === '+inf' || t === 'infinity' ? Infinity : t === '-inf' || t === '-infinity' ? -Infinity : Number(t);
    const got = typeof landed === 'number' ? landed : Number(landed);
    return (Object.is(got, want) || (got === want && want !== 0)) && (!Number.isFinite(want) || significantDigits(t) <= DOUBLE_DIGITS);
  },
  BOOLEAN: (landed, text) => (text === null ? landed === null : /^(true|false)$/i.test(String(text)) && landed === (String(text).toLowerCase() === 'true')),
};

/** What Bronze should hold for a CSV case, from DuckDB's text reading of every line (header included). */
export function csvExpected(c: CsvCase, reference: ReadTable, landed: ReadTable | undefined, applied: AppliedDifferences): ExpectedTable {
  const [header = [], ...rows] = reference.rows;
  applied.record('csv-header-row', c.name);
  applied.record('text-by-default', c.name);
  if (c.decodeFirst) applied.record('decoded-first', c.name);
  const names = csvColumnNames(header);
  const same: ExpectedTable['same'] = {};
  const columns = names.map((name) => {
    const type = landed?.columns.find((l) => l.name === name)?.type;
    if (c.options.inferTypes && type && typedSame[type]) {
      applied.record('csv-typed-columns', c.name);
      same[name] = typedSame[type];
      return { name, type };
    }
    return { name, type: 'VARCHAR' };
  });
  return { columns, rows, same };
}
