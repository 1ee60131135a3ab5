import { describe, expect, it } from 'vitest';
import { isFinished, normalizeRun } from './normalize-run.ts';

describe('normalizeRun', () => {
  it('reads a summary nested under `summary`', () => {
    const v = normalizeRun({ id: 'r1', status: 'succeeded', summary: { rows: 30, nodes: { a: { state: 'done' } }, errors: [], warnings: [] } });
    expect(v.rows).toBe(30);
    expect(Object.keys(v.nodes)).toEqual(['a']);
    expect(isFinished(v.status)).toBe(true);
  });

  it('reads the fields at the top level and defaults the rest', () => {
    const v = normalizeRun({ runId: 'r2', status: 'running' });
    expect(v).toMatchObject({ id: 'r2', status: 'running', nodes: {}, errors: [], warnings: [] });
    expect(isFinished(v.status)).toBe(false);
  });
});
