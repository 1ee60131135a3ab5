import { type GraphDocument, type GraphProblem, parseGraphDocument, planGraph } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';
import { checkTriggerSettings } from '../triggers/check-trigger-settings.ts';
import { findLiteralSecrets } from './find-literal-secrets.ts';

export type GraphCheck =
  | { ok: true; doc: GraphDocument; order: string[] }
  /** `document`: not a graph document at all (400); `plan`: a document this runtime cannot run (422). */
  | { ok: false; stage: 'document' | 'plan'; problems: GraphProblem[] };

/**
 * The one check every graph goes through, at import, on save and before a run: the document
 * schema, then the installed node types (configs brought up to date by `upgradeConfig`, ports,
 * wiring, cycles, configs), then no literal secrets. `doc` is the upgraded document.
 */
export function checkGraph(input: unknown, registry: PluginRegistry): GraphCheck {
  const parsed = parseGraphDocument(input);
  if (!parsed.ok) return { ok: false, stage: 'document', problems: parsed.problems };
  const upgraded = registry.upgrade(parsed.value);
  const plan = planGraph(upgraded.doc, (type) => registry.plannable(type));
  // A node whose upgrade failed still holds its old config: checking it against the new schema
  // would only repeat the upgrade problem in other words.
  const notUpgraded = new Set(upgraded.problems.map((p) => p.path[1]));
  const planProblems = plan.problems.filter((p) => !(p.path[0] === 'nodes' && notUpgraded.has(p.path[1]!) && p.path[2] === 'config'));
  const problems = [...upgraded.problems, ...planProblems, ...findLiteralSecrets(upgraded.doc), ...checkTriggerSettings(upgraded.doc)];
  if (problems.length) return { ok: false, stage: 'plan', problems };
  return { ok: true, doc: upgraded.doc, order: plan.order };
}
