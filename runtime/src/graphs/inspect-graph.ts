import { type GraphDocument, type GraphProblem, parseGraphDocument, planGraph } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';
import { checkTriggerSettings } from '../triggers/check-trigger-settings.ts';
import { findLiteralSecrets } from './find-literal-secrets.ts';

export type GraphInspection =
  | {
      ok: true;
      /** The document with its configs brought up to the installed plugin versions (`upgradeConfig`). */
      doc: GraphDocument;
      order: string[];
      /** Why the graph cannot run yet (a draft); empty when it can. */
      runProblems: GraphProblem[];
    }
  /** `document`: not a graph document at all (400); `content`: a document that must not be stored (422). */
  | { ok: false; stage: 'document' | 'content'; problems: GraphProblem[] };

/**
 * The save rule: a graph is stored when it is a well-formed document (the document schema: no
 * unknown key, valid ids, edges between nodes that exist, valid trigger settings) holding no
 * literal secret. What only matters to a run (unknown node types, configs their schema refuses,
 * unwired or doubly wired inputs, ports that do not exist, cycles) makes it a draft: stored and
 * shown with its problems, refused when asked to run (see check-graph.ts).
 */
export function inspectGraph(input: unknown, registry: PluginRegistry): GraphInspection {
  const parsed = parseGraphDocument(input);
  if (!parsed.ok) return { ok: false, stage: 'document', problems: parsed.problems };
  const upgraded = registry.upgrade(parsed.value);
  const content = [...findLiteralSecrets(upgraded.doc), ...checkTriggerSettings(upgraded.doc)];
  if (content.length) return { ok: false, stage: 'content', problems: content };
  const plan = planGraph(upgraded.doc, (type) => registry.plannable(type));
  // A node whose upgrade failed still holds its old config: checking it against the new schema
  // would only repeat the upgrade problem in other words.
  const notUpgraded = new Set(upgraded.problems.map((p) => p.path[1]));
  const planProblems = plan.problems.filter((p) => !(p.path[0] === 'nodes' && notUpgraded.has(p.path[1]!) && p.path[2] === 'config'));
  return { ok: true, doc: upgraded.doc, order: plan.order, runProblems: [...upgraded.problems, ...planProblems] };
}
