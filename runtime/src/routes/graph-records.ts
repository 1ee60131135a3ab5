import { formatProblems, type GraphProblem } from '@sluice/sdk';
import type { GraphRecord } from '@sluice/sdk/wire';
import type { Context } from 'hono';
import type { GraphRow } from '@sluice/store';
import { type GraphInspection, inspectGraph } from '../graphs/inspect-graph.ts';
import type { PluginRegistry } from '@sluice/engine';
import { errorBody } from './api-schemas.ts';

// A graph's shape on the wire is the SDK's `graphRecordSchema`; this is how a stored graph becomes one.
export { graphRecordSchema, type GraphRecord } from '@sluice/sdk/wire';

/** A stored graph on the wire, with why it cannot run yet (`problems`, empty when it can). */
export function toGraphRecord(row: GraphRow, problems: GraphProblem[]): GraphRecord {
  return {
    id: row.id,
    name: row.name,
    document: row.document,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    revision: row.revision,
    problems,
  };
}

/** A stored graph on the wire, its problems found against the plugins installed now. */
export function storedGraphRecord(row: GraphRow, registry: PluginRegistry): GraphRecord {
  const inspected = inspectGraph(row.document, registry);
  return toGraphRecord(row, inspected.ok ? inspected.runProblems : inspected.problems);
}

/**
 * Checks a graph about to be stored (the save rule, inspect-graph.ts): answers 400 (not a graph
 * document) or 422 (a literal secret, a schedule that can never fire) when it must not be stored.
 * A draft (unknown type, invalid config, unwired input...) is stored; its `runProblems` say why it cannot run.
 */
export function checkForWrite(c: Context, input: unknown, registry: PluginRegistry): Extract<GraphInspection, { ok: true }> | Response {
  const check = inspectGraph(input, registry);
  if (check.ok) return check;
  const what = check.stage === 'document' ? 'not a valid graph document' : 'the graph cannot be saved';
  return c.json(errorBody(`${what}: ${formatProblems(check.problems)}`, check.problems), check.stage === 'document' ? 400 : 422);
}
