import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateConfig } from './validate-config.ts';

const schema = z.toJSONSchema(
  z.strictObject({
    folder: z.string().min(1),
    delimiter: z.string().length(1).default(','),
    skipRows: z.number().int().min(0).default(0),
    csv: z.strictObject({ quote: z.string().max(1) }).optional(),
  }),
  { io: 'input', unrepresentable: 'any' },
) as Record<string, unknown>;

describe('validateConfig', () => {
  it('accepts a valid config', () => {
    expect(validateConfig(schema, { folder: '/in', delimiter: ';' })).toEqual({});
  });

  it('names each field with its problem, nested ones by dotted path', () => {
    const errors = validateConfig(schema, { delimiter: ';;', skipRows: -1, csv: { quote: '""' } });
    expect(errors.folder).toBe('Required');
    expect(errors.delimiter).toMatch(/<=1 characters/);
    expect(errors.skipRows).toMatch(/>=0/);
    expect(errors['csv.quote']).toMatch(/<=1 characters/);
  });

  it('checks a config object once, and a replaced one again', () => {
    const config = { folder: '' };
    const first = validateConfig(schema, config);
    expect(validateConfig(schema, config)).toBe(first);
    expect(validateConfig(schema, { ...config, folder: '/in' })).toEqual({});
  });

  it('reports unknown keys at the object level', () => {
    expect(validateConfig(schema, { folder: 'x', typo: 1 })['']).toMatch(/Unrecognized key: "typo"/);
  });
});
