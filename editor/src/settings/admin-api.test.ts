import { describe, expect, it } from 'vitest';
import { readCreatedToken } from './admin-api.ts';

describe('readCreatedToken', () => {
  it('reads the token and its row in either shape', () => {
    const info = { id: 'tok_1', name: 'ci', role: 'editor', createdAt: '2026-12-04T10:00:00.000Z', lastUsedAt: null, revokedAt: null };
    expect(readCreatedToken({ token: 'slu_x', info })).toEqual({ token: 'slu_x', info });
    expect(readCreatedToken({ token: 'slu_x', ...info })).toEqual({ token: 'slu_x', info });
  });

  it('refuses an answer without the token', () => {
    expect(() => readCreatedToken({ id: 'tok_1' })).toThrow(/without the new token/);
  });
});
