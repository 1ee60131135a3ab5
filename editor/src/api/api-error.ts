import type { GraphProblem } from '@sluice/sdk/graph';

/** A failed API call, with the problems (JSON paths + messages) the runtime named, if any. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: GraphProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function asProblems(value: unknown): GraphProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p) => {
    if (!p || typeof p !== 'object') return [];
    const { path, message } = p as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    const parts = Array.isArray(path)
      ? path.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number')
      : typeof path === 'string' && path
        ? path.split('.')
        : [];
    return [{ path: parts, message }];
  });
}

/**
 * Reads an error body in the shapes a Hono app commonly returns: `{error, problems}`,
 * `{message, issues}`, `{error: {message, problems}}`, or plain text.
 */
export function apiErrorFrom(status: number, body: unknown, fallback: string): ApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const inner = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : undefined;
    const problems = asProblems(b.problems ?? b.issues ?? inner?.problems ?? inner?.issues);
    const message =
      (typeof b.message === 'string' && b.message) ||
      (typeof b.error === 'string' && b.error) ||
      (typeof inner?.message === 'string' && inner.message) ||
      (problems.length ? problems.map((p) => (p.path.length ? `${p.path.join('.')}: ${p.message}` : p.message)).join('; ') : fallback);
    return new ApiError(message, status, problems);
  }
  if (typeof body === 'string' && body.trim()) return new ApiError(body.trim().slice(0, 500), status);
  return new ApiError(fallback, status);
}
