import type { GraphDocument, GraphProblem } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';
import { inspectGraph } from './inspect-graph.ts';

const LISTED = 5;

/** One problem in words a user reads: the node it is on (and the setting), then what is wrong. */
export function describeProblem(doc: GraphDocument, p: GraphProblem): string {
  const [root, id, part, ...field] = p.path;
  if (root !== 'nodes' || typeof id !== 'string' || !doc.nodes[id]) return p.message;
  const node = `node "${id}" (${doc.nodes[id].type})`;
  const setting = part === 'config' && field.length ? `, setting "${field.join('.')}"` : '';
  // Messages of the planner that name the node already ("input "files" of node "c" (…)") read as they are.
  if (!setting && p.message.includes(`node "${id}"`)) return p.message;
  return `${node}${setting}: ${p.message}`;
}

/**
 * Why a stored graph (a draft) is refused a run, by hand or by a trigger: every problem names its
 * node and what is wrong, the first few in the sentence and all of them in `problems`.
 */
export function runRefusal(graphId: string, doc: GraphDocument, problems: GraphProblem[]): string {
  const listed = problems.slice(0, LISTED).map((p) => describeProblem(doc, p));
  const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
  return `graph "${graphId}" is a draft and cannot run until it is finished: ${listed.join('; ')}${more}`;
}

/** For the triggers: the refusal of a stored graph's runs, or undefined when it can run. */
export function runBlocker(registry: PluginRegistry): (graphId: string, doc: GraphDocument) => string | undefined {
  return (graphId, doc) => {
    const inspected = inspectGraph(doc, registry);
    if (!inspected.ok) return runRefusal(graphId, doc, inspected.problems);
    return inspected.runProblems.length ? runRefusal(graphId, doc, inspected.runProblems) : undefined;
  };
}
