import { z } from 'zod';
import type { GraphProblem } from './graph/graph-document.ts';
import { zodProblems } from './graph/graph-document.ts';
import type { PathKind } from './wire/folder-api.ts';

/**
 * Extra keys a config schema may carry in `.meta({...})`; they pass into the JSON Schema for the
 * editor's form:
 * - `showWhen: { field: value | value[] }`: show the field only when a sibling field has that value.
 * - `widget: 'credential' | 'textarea' | 'code'`: how to edit a string (`credential` picks a name).
 * - `pathKind: 'input-folder' | 'output-folder'`: the string is a local folder the runtime confines
 *   (PATH_KINDS); the editor lists the roots beside it, offers a folder picker inside them and flags
 *   a folder outside them while it is typed. A value that is a URL (`s3://...`) is not a folder.
 */
export interface FieldMeta {
  title?: string;
  description?: string;
  showWhen?: Record<string, unknown>;
  widget?: 'credential' | 'textarea' | 'code';
  pathKind?: PathKind;
}

export function configJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The config a new node starts with: the schema applied to `{}`; `{}` where required fields have no default. */
export function configDefaults(schema: z.ZodType): Record<string, unknown> {
  const r = schema.safeParse({});
  return r.success && r.data && typeof r.data === 'object' ? (r.data as Record<string, unknown>) : {};
}

export function checkConfig(schema: z.ZodType, config: unknown): GraphProblem[] {
  const r = schema.safeParse(config);
  return r.success ? [] : zodProblems(r.error);
}

/** A config field that names a credential; its value lives in the runtime's store or the environment. */
export function credentialRef(description: string) {
  return z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be the name of a credential, not its value')
    .max(128)
    .meta({ widget: 'credential', description });
}
