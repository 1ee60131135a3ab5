import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { blankValue, formModel, humanize, isVisible } from './form-model.ts';

// The schemas here are made the way the runtime makes them: zod 4 -> toJSONSchema (io: input).
const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const config = z.strictObject({
  folder: z.string().min(1).meta({ title: 'Folder', description: 'Where files land' }),
  patterns: z.array(z.string()).min(1).default(['*.csv']),
  mode: z.enum(['auto', 'gzip', 'zstd']).default('auto'),
  level: z
    .number()
    .int()
    .min(1)
    .max(9)
    .optional()
    .meta({ showWhen: { mode: ['gzip', 'zstd'] } }),
  header: z.boolean().default(true),
  credential: z.string().meta({ widget: 'credential' }).optional(),
  query: z.string().meta({ widget: 'code' }).optional(),
  csv: z.strictObject({ quote: z.string().default('"'), nullValue: z.string().nullable().optional() }).default({ quote: '"' }),
  columns: z.array(z.strictObject({ name: z.string(), type: z.enum(['int', 'str']) })).optional(),
  encoding: z.union([z.literal('utf8'), z.literal('latin1')]).default('utf8'),
  extra: z.record(z.string(), z.string()).optional(),
});

describe('formModel', () => {
  const fields = formModel(toSchema(config));
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));

  it('maps every JSON Schema shape to a widget kind', () => {
    expect(Object.fromEntries(fields.map((f) => [f.key, f.kind]))).toEqual({
      folder: 'text',
      patterns: 'list',
      mode: 'select',
      level: 'integer',
      header: 'boolean',
      credential: 'credential',
      query: 'code',
      csv: 'group',
      columns: 'list',
      encoding: 'select',
      extra: 'json',
    });
  });

  it('keeps titles, descriptions, required flags, defaults and bounds', () => {
    expect(byKey.folder).toMatchObject({ title: 'Folder', description: 'Where files land', required: true });
    expect(byKey.patterns).toMatchObject({ title: 'Patterns', required: false, default: ['*.csv'], item: { kind: 'text' } });
    expect(byKey.mode!.options).toEqual(['auto', 'gzip', 'zstd']);
    expect(byKey.level).toMatchObject({ minimum: 1, maximum: 9 });
    expect(byKey.encoding!.options).toEqual(['utf8', 'latin1']);
  });

  it('models nested groups, nullable fields and lists of groups', () => {
    expect(byKey.csv!.fields!.map((f) => f.key)).toEqual(['quote', 'nullValue']);
    expect(byKey.csv!.fields![1]).toMatchObject({ kind: 'text', nullable: true });
    expect(byKey.columns!.item!.kind).toBe('group');
    expect(blankValue(byKey.columns!.item!)).toEqual({ name: '', type: 'int' });
  });

  it('shows a field only when a sibling has one of the given values, defaults included', () => {
    const level = byKey.level!;
    expect(isVisible(level, fields, {})).toBe(false); // mode defaults to auto
    expect(isVisible(level, fields, { mode: 'gzip' })).toBe(true);
    expect(isVisible(level, fields, { mode: 'zstd' })).toBe(true);
    expect(isVisible(byKey.folder!, fields, {})).toBe(true);
  });

  it('humanizes keys without titles', () => {
    expect(humanize('maxFileSize')).toBe('Max file size');
    expect(humanize('skip_rows')).toBe('Skip rows');
  });
});
