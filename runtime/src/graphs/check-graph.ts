import type { GraphDocument, GraphProblem } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';
import { inspectGraph } from './inspect-graph.ts';

export type GraphCheck =
  | { ok: true; doc: GraphDocument; order: string[] }
  /** `document`: not a graph document at all (400); `plan`: a document this runtime cannot run (422). */
  | { ok: false; stage: 'document' | 'plan'; problems: GraphProblem[] };

/**
 * The run rule, checked before every run (plugins may have changed since the save): the save rule
 * (inspect-graph.ts), then the installed node types (configs brought up to date by
 * `upgradeConfig`, ports, wiring, cycles, configs). A draft fails here. `doc` is the upgraded document.
 */
export function checkGraph(input: unknown, registry: PluginRegistry): GraphCheck {
  const inspected = inspectGraph(input, registry);
  if (!inspected.ok) return { ok: false, stage: inspected.stage === 'document' ? 'document' : 'plan', problems: inspected.problems };
  if (inspected.runProblems.length) return { ok: false, stage: 'plan', problems: inspected.runProblems };
  return { ok: true, doc: inspected.doc, order: inspected.order };
}
