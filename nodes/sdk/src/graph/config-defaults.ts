import type { GraphDocument } from './graph-document.ts';
import type { NodeTypeInfo } from './node-type-info.ts';

type TypeLookup = (type: string) => Pick<NodeTypeInfo, 'version' | 'configSchema' | 'defaults'> | undefined;

/**
 * Each config field's default as its node type declares it, in the plugin's one zod schema: the
 * `default` of each property of the generated JSON Schema, and the schema's parse of `{}` where it
 * succeeds (which also fills the defaults inside a defaulted object).
 */
export function fieldDefaults(info: Pick<NodeTypeInfo, 'configSchema' | 'defaults'>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = info.configSchema.properties;
  if (properties && typeof properties === 'object') {
    for (const [key, prop] of Object.entries(properties as Record<string, unknown>)) {
      if (prop && typeof prop === 'object' && 'default' in prop) out[key] = (prop as { default: unknown }).default;
    }
  }
  return { ...out, ...info.defaults };
}

/** Equal as JSON values (key order aside). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function mapConfigs(
  doc: GraphDocument,
  typeOf: TypeLookup,
  change: (config: Record<string, unknown>, defaults: Record<string, unknown>) => Record<string, unknown>,
) {
  const nodes: GraphDocument['nodes'] = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    const info = typeOf(node.type);
    // Defaults are those of the installed version: a node of another version (or of a type not
    // installed, a placeholder) keeps its config exactly as it came.
    nodes[id] = info && info.version === node.typeVersion ? { ...node, config: change(node.config, fieldDefaults(info)) } : node;
  }
  return { ...doc, nodes };
}

/**
 * The document as it is exported: each node's config holds only the values that differ from its
 * type's defaults, so that a graph built in the editor reads and diffs like one written by hand.
 */
export function withoutDefaults(doc: GraphDocument, typeOf: TypeLookup): GraphDocument {
  return mapConfigs(doc, typeOf, (config, defaults) =>
    Object.fromEntries(Object.entries(config).filter(([key, value]) => !(key in defaults && sameValue(value, defaults[key])))),
  );
}

/** The document as it is imported: each node's missing config fields take their type's defaults again. */
export function withDefaults(doc: GraphDocument, typeOf: TypeLookup): GraphDocument {
  return mapConfigs(doc, typeOf, (config, defaults) => ({ ...defaults, ...config }));
}

/** The name of an imported copy: "Sales (2)", "Sales (3)"... the first not taken (a copy of "Sales (2)" is "Sales (3)"). */
export function copyName(name: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  const base = name.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    // Names hold 200 characters at most: a long one is shortened to keep its number.
    const candidate = `${base.slice(0, 200 - suffix.length)}${suffix}`;
    if (!names.has(candidate)) return candidate;
  }
}
