import { isSinkColumn } from './bronze-columns.ts';
import type { SchemaMode } from './bronze-sink-config.ts';
import type { Columns } from './frame-columns.ts';

/** Whether a schema version (audit and `_rescued_data` aside) has columns: otherwise it is no schema. */
const hasData = (columns: Columns | undefined): columns is Columns => !!columns && Object.keys(columns).some((c) => !isSinkColumn(c));

/**
 * Rescue mode on a new table. Files planned at once all find no schema; had each written its part
 * with its own columns, the first to commit would define version 1 and the others' parts would no
 * longer fit it at commit, where a part cannot be written again (the commit is a synchronous store
 * transaction at the file's settle). So the first file planned in the run claims version 1 with its
 * part's columns: the files planned after it are planned against the claim (what does not fit goes
 * to `_rescued_data`, as it would had the first file already landed), and whichever file commits
 * first records the claimed columns as version 1. Every part of the run then fits at commit, in any
 * order; the table lock keeps other runs out meanwhile (rescue parts never add columns to an
 * existing version, so only a new table's first version can move under a file).
 *
 * Should the claiming file fail, version 1 still holds its columns (the others were folded against
 * them) and it lands against that schema on its next run: nothing is lost, at worst a column is
 * rescued that a run without that file would have kept.
 *
 * A table whose only version has no data columns (a file without columns landed first) is as new.
 *
 * Evolve mode needs no claim (added columns become a new version at commit, whoever commits first),
 * and strict mode fails the second file by design.
 */
export class NewTableClaim {
  private claimed: Columns | undefined;

  /** The schema a file is planned against: the table's latest version, else (rescue mode) the claim. */
  planAgainst(mode: SchemaMode, latest: Columns | undefined): Columns | undefined {
    if (hasData(latest)) return latest;
    return (mode === 'rescue' && this.claimed) || latest;
  }

  /** After planning: the first file with columns planned against a new rescue table claims version 1. */
  claim(mode: SchemaMode, latest: Columns | undefined, part: Columns, fileHasColumns: boolean): void {
    if (mode === 'rescue' && !hasData(latest) && !this.claimed && fileHasColumns) this.claimed = part;
  }

  /**
   * At commit, the columns the part brings to the table's latest version (`versionFor`): the claim's
   * while the table has no schema, so that whichever file of the run commits first records them.
   */
  versionColumns(latest: Columns | undefined, part: Columns): Columns {
    return hasData(latest) ? part : (this.claimed ?? part);
  }
}
