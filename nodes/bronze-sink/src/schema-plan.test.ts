import { describe, expect, it } from 'vitest';
import { planSchema, versionFor } from './schema-plan.ts';

const table = { id: 'Int64', name: 'String', amount: 'Float64' };

describe('planSchema', () => {
  it('accepts anything for a new table', () => {
    for (const mode of ['strict', 'evolve', 'rescue'] as const) expect(planSchema(mode, undefined, { x: 'String' })).toEqual({ ok: true, rescued: [] });
  });

  it('takes a version without data columns (a file without columns landed first) as no schema', () => {
    for (const mode of ['strict', 'evolve', 'rescue'] as const) expect(planSchema(mode, {}, { x: 'String' })).toEqual({ ok: true, rescued: [] });
    // At commit, the file's columns are appended as the next version.
    expect(versionFor({ version: 1, columns: { _run_id: 'String' } }, { x: 'String', _run_id: 'String' })).toEqual({
      version: 2,
      columns: { _run_id: 'String', x: 'String' },
    });
  });

  it('strict: fails with the diff of added, missing and changed columns', () => {
    const r = planSchema('strict', table, { id: 'String', name: 'String', extra: 'Int64' });
    expect(r).toEqual({
      ok: false,
      reason: "columns differ from the table's schema (strict mode): added: extra (Int64); missing: amount; changed type: id Int64 -> String",
    });
    expect(planSchema('strict', table, { amount: 'Float64', id: 'Int64', name: 'String' })).toEqual({ ok: true, rescued: [] });
  });

  it('evolve: takes added and missing columns, fails on a changed type', () => {
    expect(planSchema('evolve', table, { id: 'Int64', extra: 'Boolean' })).toEqual({ ok: true, rescued: [] });
    const r = planSchema('evolve', table, { id: 'String', extra: 'Boolean' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/changed type: id Int64 -> String$/);
  });

  it('rescue: sends new and retyped columns to _rescued_data', () => {
    expect(planSchema('rescue', table, { id: 'String', name: 'String', extra: 'Int64' })).toEqual({ ok: true, rescued: ['extra', 'id'] });
  });
});

describe('versionFor', () => {
  it('makes version 1 for a new table, keeps the latest when the part fits, appends new columns otherwise', () => {
    expect(versionFor(undefined, { a: 'Int64' })).toEqual({ version: 1, columns: { a: 'Int64' } });
    expect(versionFor({ version: 2, columns: table }, { id: 'Int64' })).toEqual({ version: 2 });
    expect(versionFor({ version: 2, columns: table }, { id: 'Int64', extra: 'Boolean' })).toEqual({ version: 3, columns: { ...table, extra: 'Boolean' } });
  });
});
