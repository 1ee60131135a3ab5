import { createHash } from 'node:crypto';

/**
 * The checksum an example's expected.json holds for a table, and that the check recomputes from
 * Bronze: every row as a JSON array of its values as text (null stays null) in the listed column
 * order, the rows sorted, joined by newlines, SHA-256. Row order does not matter (files land in any
 * order); every value does.
 */
export function tableChecksum(rows: readonly (readonly (string | null)[])[]): string {
  const lines = rows.map((r) => JSON.stringify(r)).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
