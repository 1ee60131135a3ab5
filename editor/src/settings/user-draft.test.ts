import { describe, expect, it } from 'vitest';
import { formatWhen, passwordProblem, tokenNameProblem, userNameProblem } from './user-draft.ts';

describe('Settings form checks', () => {
  it('names', () => {
    expect(userNameProblem('ann.lee@acme')).toBeNull();
    expect(userNameProblem('')).toMatch(/Enter a user name/);
    expect(userNameProblem('-ann')).toMatch(/starting with a letter or digit/);
    expect(userNameProblem('a b')).toMatch(/letters, digits/);
    expect(tokenNameProblem('ci:nightly')).toBeNull();
    expect(tokenNameProblem('tok_1')).toMatch(/cannot start with "tok_"/);
    expect(tokenNameProblem('')).toMatch(/Name the token/);
  });

  it('passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('long enough')).toBeNull();
  });

  it('dates', () => {
    expect(formatWhen(null)).toBe('never');
    expect(formatWhen('2026-12-04T10:00:00.000Z')).toMatch(/2026/);
    expect(formatWhen('garbage')).toBe('garbage');
  });
});
