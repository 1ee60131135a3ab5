import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configDefaults, configJsonSchema } from '../config-schema.ts';
import type { GraphDocument } from './graph-document.ts';
import { copyName, fieldDefaults, sameValue, withDefaults, withoutDefaults } from './config-defaults.ts';

// A required field: the schema's parse of {} fails, so the defaults come from each field.
const schema = z.strictObject({
  folder: z.string().min(1),
  patterns: z.array(z.string()).default(['**/*']),
  recursive: z.boolean().default(true),
  limits: z.strictObject({ ratio: z.number().default(200) }).prefault({}),
  note: z.string().optional(),
});
const info = { version: 2, configSchema: configJsonSchema(schema), defaults: configDefaults(schema) };
const typeOf = (type: string) => (type === 'reader' ? info : undefined);

const doc = (nodes: GraphDocument['nodes']): GraphDocument => ({ format: 'sluice-graph', version: 1, name: 'g', nodes, edges: [] });
const at = { x: 0, y: 0 };

describe('config defaults in exports and imports', () => {
  it('reads each field default of a schema with a required field', () => {
    expect(fieldDefaults(info)).toEqual({ patterns: ['**/*'], recursive: true, limits: {} });
  });

  it('exports only the values that differ from the defaults, and an import fills them in again', () => {
    const full = doc({ r: { type: 'reader', typeVersion: 2, position: at, config: { folder: 'in', patterns: ['**/*'], recursive: false, limits: {} } } });
    const exported = withoutDefaults(full, typeOf);
    expect(exported.nodes.r!.config).toEqual({ folder: 'in', recursive: false });
    expect(withDefaults(exported, typeOf).nodes.r!.config).toEqual({ folder: 'in', patterns: ['**/*'], recursive: false, limits: {} });
    expect(schema.parse(exported.nodes.r!.config)).toEqual(schema.parse(full.nodes.r!.config));
  });

  it('leaves a node of a type not installed, or of another version, exactly as it came', () => {
    const kept = doc({
      p: { type: 'missing', typeVersion: 1, position: at, config: { recursive: true, x: [1] } },
      old: { type: 'reader', typeVersion: 1, position: at, config: { recursive: true } },
    });
    expect(withoutDefaults(kept, typeOf)).toEqual(kept);
    expect(withDefaults(kept, typeOf)).toEqual(kept);
  });

  it('compares values as JSON, key order aside', () => {
    expect(sameValue({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });

  it('names a copy "<name> (2)", "(3)"..., the first free, within 200 characters', () => {
    expect(copyName('Sales', ['Sales'])).toBe('Sales (2)');
    expect(copyName('Sales', ['Sales', 'Sales (2)'])).toBe('Sales (3)');
    expect(copyName('Sales (2)', ['Sales', 'Sales (2)'])).toBe('Sales (3)');
    const long = 'x'.repeat(200);
    expect(copyName(long, [long])).toBe(`${'x'.repeat(196)} (2)`);
  });
});
