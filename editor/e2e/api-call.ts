/**
 * The test's own API calls, from node, as an API client would make them: with a Bearer token
 * (an admin's, unless another is given).
 */
export function apiCaller(baseUrl: string, token: string) {
  return (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${init.token ?? token}`);
    if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${baseUrl}${path}`, { ...init, headers });
  };
}

export type ApiCaller = ReturnType<typeof apiCaller>;
