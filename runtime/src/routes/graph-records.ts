import { formatProblems } from '@sluice/sdk';
import type { GraphRecord } from '@sluice/sdk/wire';
import type { Context } from 'hono';
import type { GraphRow } from '@sluice/store';
import { checkGraph, type GraphCheck } from '../graphs/check-graph.ts';
import type { PluginRegistry } from '@sluice/engine';
import { errorBody } from './api-schemas.ts';

// A graph's shape on the wire is the SDK's `graphRecordSchema`; this is how a stored graph becomes one.
export { graphRecordSchema, type GraphRecord } from '@sluice/sdk/wire';

export function toGraphRecord(row: GraphRow): GraphRecord {
  return {
    id: row.id,
    name: row.name,
    document: row.document,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    revision: row.revision,
  };
}

/**
 * Checks a graph about to be stored; answers 400 (not a graph document) or 422 (a document this
 * runtime cannot run: unknown type, bad wiring, cycle, invalid config, a literal secret) when not ok.
 */
export function checkForWrite(c: Context, input: unknown, registry: PluginRegistry): Extract<GraphCheck, { ok: true }> | Response {
  const check = checkGraph(input, registry);
  if (check.ok) return check;
  const what = check.stage === 'document' ? 'not a valid graph document' : 'the graph cannot run with the installed node types';
  return c.json(errorBody(`${what}: ${formatProblems(check.problems)}`, check.problems), check.stage === 'document' ? 400 : 422);
}
