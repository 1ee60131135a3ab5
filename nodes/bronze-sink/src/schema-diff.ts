import type { Columns } from './frame-columns.ts';

export interface SchemaDiff {
  added: string[];
  missing: string[];
  changed: { column: string; from: string; to: string }[];
}

/** How a file's columns differ from the table's: added, missing, and changed type. */
export function diffColumns(table: Columns, file: Columns): SchemaDiff {
  return {
    added: Object.keys(file).filter((c) => !(c in table)),
    missing: Object.keys(table).filter((c) => !(c in file)),
    changed: Object.keys(file)
      .filter((c) => c in table && table[c] !== file[c])
      .map((c) => ({ column: c, from: table[c]!, to: file[c]! })),
  };
}

export function isEmptyDiff(d: SchemaDiff): boolean {
  return !d.added.length && !d.missing.length && !d.changed.length;
}

/** `added: x (Int64); missing: y; changed: z Int64 -> String`, for error messages. */
export function formatDiff(d: SchemaDiff, file: Columns): string {
  const parts: string[] = [];
  if (d.added.length) parts.push(`added: ${d.added.map((c) => `${c} (${file[c]})`).join(', ')}`);
  if (d.missing.length) parts.push(`missing: ${d.missing.join(', ')}`);
  if (d.changed.length) parts.push(`changed type: ${d.changed.map((c) => `${c.column} ${c.from} -> ${c.to}`).join(', ')}`);
  return parts.join('; ');
}
