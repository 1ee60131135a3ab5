import { describe, expect, it } from 'vitest';
import { CSRF_HEADER, requestHeaders } from './request-headers.ts';

describe('requestHeaders', () => {
  it('sends the CSRF token on every method that changes something', () => {
    for (const m of ['POST', 'PUT', 'DELETE', 'PATCH', 'post']) expect(requestHeaders(m, 'c1', false)[CSRF_HEADER]).toBe('c1');
  });

  it('keeps it off reads, and off every request before a session exists', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS']) expect(requestHeaders(m, 'c1', false)).toEqual({});
    expect(requestHeaders('POST', null, true)).toEqual({ 'content-type': 'application/json' });
  });
});
