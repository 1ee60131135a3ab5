import { describe, expect, it } from 'vitest';
import { shownErrors } from './shown-errors.ts';

describe('shownErrors', () => {
  const errors = { table: 'Required', 'webhook.path': 'Required', skipRows: 'Must be at least 0' };

  it('holds back "Required" until the field (or its group) is touched; other problems show at once', () => {
    expect(shownErrors(errors, undefined, false)).toEqual({ skipRows: 'Must be at least 0' });
    expect(shownErrors(errors, new Set(['table']), false)).toEqual({ table: 'Required', skipRows: 'Must be at least 0' });
    expect(shownErrors(errors, new Set(['webhook']), false)).toEqual({ 'webhook.path': 'Required', skipRows: 'Must be at least 0' });
  });

  it('shows everything once a save was tried', () => {
    expect(shownErrors(errors, undefined, true)).toBe(errors);
  });
});
