import { PATH_KINDS, type PathKind } from '@sluice/sdk/wire';

/**
 * Turns a node type's config JSON Schema (made by zod 4's toJSONSchema, with the SDK's extra keys
 * `showWhen`, `widget` and `pathKind`) into a small tree of fields the inspector draws. Pure, so the rules
 * (what becomes a select, a list, a group; titles; visibility) are tested without a browser.
 */
export type FieldKind = 'text' | 'textarea' | 'code' | 'credential' | 'number' | 'integer' | 'boolean' | 'select' | 'list' | 'group' | 'json';

export interface FieldModel {
  key: string;
  title: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  default?: unknown;
  /** For `select`: the allowed values. */
  options?: unknown[];
  /** `null` is an allowed value (a nullable field). */
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  /** For `list`: the model of one entry. */
  item?: FieldModel;
  /** For `group`: the nested fields. */
  fields?: FieldModel[];
  /** Shown only when sibling fields have these values (a value or a list of values). */
  showWhen?: Record<string, unknown>;
  /** A local folder the runtime confines (schema meta `pathKind`): edited with the folder field. */
  pathKind?: PathKind;
}

type Schema = Record<string, unknown>;

export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function resolveRef(s: Schema, root: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = (target as Schema | undefined)?.[part];
  return target && typeof target === 'object' ? { ...(target as Schema), ...s, $ref: undefined } : s;
}

/** Unwraps `anyOf: [X, {type: 'null'}]` and `type: [X, 'null']` into X plus a nullable flag; merges outer meta. */
function unwrap(schema: Schema, root: Schema): { s: Schema; nullable: boolean } {
  let s = resolveRef(schema, root);
  let nullable = false;
  const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants)) {
    const rest = variants.map((v) => resolveRef(v, root)).filter((v) => v.type !== 'null');
    nullable = rest.length < variants.length;
    const consts = rest.every((v) => 'const' in v);
    if (consts && rest.length) {
      s = { ...s, anyOf: undefined, oneOf: undefined, enum: rest.map((v) => v.const) };
    } else if (rest.length === 1) {
      const { anyOf: _a, oneOf: _o, ...outer } = s;
      s = { ...rest[0], ...outer };
    }
  }
  if (Array.isArray(s.type)) {
    const types = (s.type as string[]).filter((t) => t !== 'null');
    nullable ||= types.length < (s.type as string[]).length;
    s = { ...s, type: types.length === 1 ? types[0] : types };
  }
  return { s, nullable };
}

function kindOf(s: Schema): FieldKind {
  if (Array.isArray(s.enum) || 'const' in s) return 'select';
  const widget = s.widget;
  switch (s.type) {
    case 'string':
      return widget === 'credential' || widget === 'textarea' || widget === 'code' ? widget : 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'array':
      return s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? 'list' : 'json';
    case 'object':
      return s.properties && typeof s.properties === 'object' ? 'group' : 'json';
    default:
      return 'json';
  }
}

export function fieldModel(key: string, schema: Schema, required: boolean, root: Schema = schema): FieldModel {
  const { s, nullable } = unwrap(schema, root);
  const kind = kindOf(s);
  const field: FieldModel = {
    key,
    title: typeof s.title === 'string' ? s.title : humanize(key),
    kind,
    required,
  };
  if (typeof s.description === 'string') field.description = s.description;
  if (s.default !== undefined) field.default = s.default;
  if (nullable) field.nullable = true;
  if (s.showWhen && typeof s.showWhen === 'object') field.showWhen = s.showWhen as Record<string, unknown>;
  if (kind === 'text' && (PATH_KINDS as readonly unknown[]).includes(s.pathKind)) field.pathKind = s.pathKind as PathKind;
  if (kind === 'select') field.options = Array.isArray(s.enum) ? (s.enum as unknown[]) : [s.const];
  if (typeof s.minimum === 'number') field.minimum = s.minimum;
  if (typeof s.maximum === 'number') field.maximum = s.maximum;
  if (typeof s.exclusiveMinimum === 'number') field.minimum = s.exclusiveMinimum;
  if (kind === 'list') field.item = fieldModel('item', s.items as Schema, true, root);
  if (kind === 'group') field.fields = objectFields(s, root);
  return field;
}

function objectFields(s: Schema, root: Schema): FieldModel[] {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  return Object.entries(props).map(([k, p]) => fieldModel(k, p, required.has(k), root));
}

/** The fields of a node's config form, in the schema's order. */
export function formModel(configSchema: Record<string, unknown>): FieldModel[] {
  const { s } = unwrap(configSchema, configSchema);
  return objectFields(s, configSchema);
}

/** The value a field shows: the config's, else the schema default. */
export function effectiveValue(field: FieldModel, values: Record<string, unknown>): unknown {
  return values[field.key] !== undefined ? values[field.key] : field.default;
}

/** `showWhen` is satisfied when every named sibling has the value (or one of the listed values). */
export function isVisible(field: FieldModel, siblings: FieldModel[], values: Record<string, unknown>): boolean {
  if (!field.showWhen) return true;
  return Object.entries(field.showWhen).every(([k, want]) => {
    const sibling = siblings.find((f) => f.key === k);
    const have = sibling ? effectiveValue(sibling, values) : values[k];
    return Array.isArray(want) ? want.includes(have) : have === want;
  });
}

/** A new list entry: the item's default, or an empty value of its kind. */
export function blankValue(field: FieldModel): unknown {
  if (field.default !== undefined) return structuredClone(field.default);
  switch (field.kind) {
    case 'number':
    case 'integer':
      return field.minimum ?? 0;
    case 'boolean':
      return false;
    case 'select':
      return field.options?.[0];
    case 'list':
      return [];
    case 'group':
      return Object.fromEntries((field.fields ?? []).filter((f) => f.required).map((f) => [f.key, blankValue(f)]));
    case 'json':
      return {};
    default:
      return '';
  }
}
