import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { loginErrorText } from './login-error-text.ts';

describe('loginErrorText', () => {
  it('says what went wrong without status codes', () => {
    expect(loginErrorText(new ApiError('invalid credentials', 401), 'password')).toBe('Wrong user name or password.');
    expect(loginErrorText(new ApiError('slow down', 429), 'password')).toMatch(/Too many failed attempts/);
    expect(loginErrorText(new ApiError('cannot reach', 0), 'password')).toMatch(/cannot be reached/);
    expect(loginErrorText(new ApiError('spent', 401), 'link')).toMatch(/already been used or has expired/);
    expect(loginErrorText(new ApiError('disk full', 507), 'password')).toBe('Sign-in failed: disk full');
  });
});
