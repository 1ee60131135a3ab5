import type { EngineName } from '../engines/bench-job.ts';
import type { OutputChecksum } from './output-checksum.ts';

export interface Verdict {
  ok: boolean;
  /** Why not, one line per problem, naming the engine and run. */
  problems: string[];
}

/** A checksum every output must equal, e.g. the input's own: `name` says whose it is. */
export interface ReferenceChecksum {
  name: string;
  checksum: string;
}

/**
 * Every output must hold the expected row count, an audit `_source_file` on every row, and the same
 * checksum as every other output (all engines, all runs), or as `reference` when one is given, so
 * that a fast wrong answer fails loudly.
 */
export function compareOutputs(
  expectedRows: number,
  runs: { engine: EngineName; check: OutputChecksum }[],
  failures: { engine: EngineName; message: string }[] = [],
  reference?: ReferenceChecksum,
): Verdict {
  const problems = failures.map((f) => `${f.engine} failed: ${f.message}`);
  if (runs.length === 0) problems.push('no engine produced an output');
  const ref = reference ?? (runs[0] ? { name: `${runs[0].engine}'s`, checksum: runs[0].check.checksum } : undefined);
  runs.forEach((r, i) => {
    const name = `${r.engine} (output ${i + 1})`;
    if (r.check.rows !== expectedRows) problems.push(`${name} has ${r.check.rows} rows, expected ${expectedRows}`);
    if (r.check.rowsWithoutSource > 0) problems.push(`${name} has ${r.check.rowsWithoutSource} rows without _source_file`);
    if (r.check.checksum !== ref!.checksum) problems.push(`${name} checksum ${r.check.checksum} differs from ${ref!.name} ${ref!.checksum}`);
  });
  return { ok: problems.length === 0, problems };
}
