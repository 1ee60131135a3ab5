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
    expect(errors.delimiter).toBe('Must be at most 1 character long');
    expect(errors.skipRows).toBe('Must be at least 0');
    expect(errors['csv.quote']).toBe('Must be at most 1 character long');
  });

  it('checks a config object once, and a replaced one again', () => {
    const config = { folder: '' };
    const first = validateConfig(schema, config);
    expect(validateConfig(schema, config)).toBe(first);
    expect(validateConfig(schema, { ...config, folder: '/in' })).toEqual({});
  });

  it('reports unknown keys at the object level', () => {
    expect(validateConfig(schema, { folder: 'x', typo: 1 })['']).toBe('Unknown setting: typo');
  });

  it('says "Required" for an emptied required text field, and words for a pattern, never the pattern', () => {
    const named = z.toJSONSchema(z.strictObject({ table: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/), path: z.string().min(1) }), {
      io: 'input',
    }) as Record<string, unknown>;
    expect(validateConfig(named, { table: '', path: '' })).toEqual({ table: 'Required', path: 'Required' });
    expect(validateConfig(named, { table: '-x', path: 'p' })).toEqual({
      table: 'Use only letters, digits, “_”, “.” and “-”, starting with a letter, a digit or “_”',
    });
  });
});
