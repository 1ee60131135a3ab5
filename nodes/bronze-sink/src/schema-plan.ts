import type { Columns } from './frame-columns.ts';
import { diffColumns, formatDiff, isEmptyDiff } from './schema-diff.ts';
import type { SchemaMode } from './bronze-sink-config.ts';

/** What to do with one file's columns against the table's latest schema version. */
export type SchemaPlan = { ok: true; rescued: string[] } | { ok: false; reason: string };

/**
 * Checks a file's data columns (audit columns aside) against the latest schema version of the table
 * (none for a new table: the file's columns become version 1).
 * - strict: any difference fails, with the diff.
 * - evolve: added columns are fine (a new version is recorded at commit); missing ones are simply
 *   absent from the part (readers union by name and see null); a changed type fails, since one
 *   column cannot have two types in one table.
 * - rescue: columns that are new or of another type go to `_rescued_data`; missing ones are absent.
 *
 * A version without data columns is no schema either: it was recorded by a file without columns (only
 * a BOM, say) landing first, and the next file's columns become the next version instead of all
 * failing (strict) or all going to `_rescued_data` (rescue), run after run.
 */
export function planSchema(mode: SchemaMode, latest: Columns | undefined, file: Columns): SchemaPlan {
  if (!latest || !Object.keys(latest).length) return { ok: true, rescued: [] };
  const diff = diffColumns(latest, file);
  if (mode === 'strict') {
    return isEmptyDiff(diff)
      ? { ok: true, rescued: [] }
      : { ok: false, reason: `columns differ from the table's schema (strict mode): ${formatDiff(diff, file)}` };
  }
  if (mode === 'evolve') {
    if (!diff.changed.length) return { ok: true, rescued: [] };
    return {
      ok: false,
      reason: `a column changed type, which evolve mode cannot record (rescue mode keeps such values in _rescued_data): ${formatDiff({ ...diff, added: [], missing: [] }, file)}`,
    };
  }
  return { ok: true, rescued: [...diff.added, ...diff.changed.map((c) => c.column)] };
}

/**
 * The schema version a part belongs to, decided inside the commit transaction (so that two files
 * adding columns at once get consecutive versions): the latest one if the part's columns fit it,
 * otherwise a new version with the new columns appended. `null` version: a new table.
 */
export function versionFor(latest: { version: number; columns: Columns } | undefined, part: Columns): { version: number; columns?: Columns } {
  if (!latest) return { version: 1, columns: part };
  const diff = diffColumns(latest.columns, part);
  if (!diff.added.length && !diff.changed.length) return { version: latest.version };
  const columns = { ...latest.columns };
  for (const c of diff.added) columns[c] = part[c]!;
  // The commit checks the schema again first, so a changed type cannot reach here; keep the table's.
  return { version: latest.version + 1, columns };
}
