import { z } from 'zod';
import { plainMessage } from './plain-message.ts';

/**
 * Client-side check of a node's config against the JSON Schema the runtime served, rebuilt into a
 * zod schema (zod's own fromJSONSchema), so the editor applies the same rules as the runtime's
 * zod schema while the user types, in plain words (`plainMessage`). Messages of custom refinements
 * only come from the server.
 */
const compiled = new WeakMap<object, z.ZodType | null>();

function compile(schema: Record<string, unknown>): z.ZodType | null {
  if (!compiled.has(schema)) {
    let zs: z.ZodType | null = null;
    try {
      zs = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    } catch {
      // A schema the converter does not understand: leave the check to the runtime.
      zs = null;
    }
    compiled.set(schema, zs);
  }
  return compiled.get(schema)!;
}

export type FieldErrors = Record<string, string>;

// Configs are replaced, never mutated, on every edit: a result per (schema, config object) stays
// true, so a 500-node graph re-checks only the node that changed.
const results = new WeakMap<object, WeakMap<object, FieldErrors>>();

/** Path like "csv.quote" or "patterns.0" -> the first problem there. "" holds object-level ones. Do not mutate the result. */
export function validateConfig(schema: Record<string, unknown>, config: unknown): FieldErrors {
  if (!config || typeof config !== 'object') return check(schema, config);
  let bySchema = results.get(schema);
  if (!bySchema) results.set(schema, (bySchema = new WeakMap()));
  let errors = bySchema.get(config);
  if (!errors) bySchema.set(config, (errors = check(schema, config)));
  return errors;
}

function check(schema: Record<string, unknown>, config: unknown): FieldErrors {
  const zs = compile(schema);
  if (!zs) return {};
  const r = zs.safeParse(config);
  if (r.success) return {};
  const out: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= plainMessage(issue, valueAt(config, issue.path));
  }
  return out;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
