import { describe, expect, it } from 'vitest';
import { canEdit, isAdmin, readSession } from './session.ts';

describe('readSession', () => {
  it('reads the runtime answer', () => {
    expect(readSession({ user: { name: 'ann', role: 'editor' }, csrfToken: 'c' })).toEqual({ user: { name: 'ann', role: 'editor' }, csrfToken: 'c' });
  });

  it('refuses anything else, including an unknown role', () => {
    for (const b of [
      null,
      'x',
      {},
      { user: { name: 'a', role: 'root' }, csrfToken: 'c' },
      { user: { name: 'a', role: 'admin' } },
      { user: { name: 'a', role: 'admin' }, csrfToken: '' },
    ]) {
      expect(readSession(b)).toBeNull();
    }
  });

  it('lets viewers read only, and admins alone manage', () => {
    expect([canEdit('viewer'), canEdit('editor'), canEdit('admin')]).toEqual([false, true, true]);
    expect([isAdmin('viewer'), isAdmin('editor'), isAdmin('admin')]).toEqual([false, false, true]);
  });
});
