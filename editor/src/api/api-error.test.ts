import { describe, expect, it } from 'vitest';
import { apiErrorFrom } from './api-error.ts';

describe('apiErrorFrom', () => {
  it('keeps the problems and their paths', () => {
    const e = apiErrorFrom(400, { error: 'invalid graph', problems: [{ path: ['nodes', 'a', 'config', 'folder'], message: 'Required' }] }, 'x');
    expect(e.message).toBe('invalid graph');
    expect(e.status).toBe(400);
    expect(e.problems).toEqual([{ path: ['nodes', 'a', 'config', 'folder'], message: 'Required' }]);
  });

  it('builds a message from problems and accepts dotted paths', () => {
    const e = apiErrorFrom(422, { issues: [{ path: 'edges.0', message: 'bad kind' }] }, 'x');
    expect(e.message).toBe('edges.0: bad kind');
    expect(e.problems[0]!.path).toEqual(['edges', '0']);
  });

  it('falls back to text or the default message', () => {
    expect(apiErrorFrom(500, 'boom', 'x').message).toBe('boom');
    expect(apiErrorFrom(404, null, 'GET /api/x: 404').message).toBe('GET /api/x: 404');
  });
});
