import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthChannel } from '../auth/auth-channel.ts';
import { authApi } from '../auth/auth-api.ts';
import { createApi } from './api-client.ts';

// A real HTTP server that records what the client sent and answers as told by the path.
let server: Server;
let base = '';
const seen: { method: string; url: string; csrf?: string }[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method!, url: req.url!, csrf: req.headers['x-sluice-csrf'] as string | undefined });
    const status = Number(/status=(\d+)/.exec(req.url!)?.[1] ?? 200);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        status === 200 ? { items: [], user: { name: 'ann', role: 'editor' }, csrfToken: 'c-2' } : { error: 'role viewer may not POST /api/graphs' },
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createApi and the session', () => {
  it('sends the CSRF token on writes only', async () => {
    const channel = new AuthChannel();
    channel.csrfToken = 'c-1';
    const api = createApi(base, channel);
    seen.length = 0;
    await api.listGraphs();
    await api.startRun('g1');
    await api.deleteGraph('g1');
    expect(seen.map((s) => `${s.method} ${s.csrf ?? '-'}`)).toEqual(['GET -', 'POST c-1', 'DELETE c-1']);
  });

  it('reports a 401 to the channel (dropping the CSRF token), but not for the sign-in calls', async () => {
    const channel = new AuthChannel();
    channel.csrfToken = 'c-1';
    let told = 0;
    channel.onUnauthorized(() => told++);
    const api = createApi(base, channel);
    await expect(api.request('GET', '/api/graphs?status=401')).rejects.toMatchObject({ status: 401 });
    expect([told, channel.csrfToken]).toEqual([1, null]);
    await expect(api.request('POST', '/api/auth/login?status=401', {}, { quiet401: true })).rejects.toMatchObject({ status: 401 });
    expect(told).toBe(1);
    expect(await authApi(createApi(`${base}`, channel)).login('ann', 'pw')).toEqual({ user: { name: 'ann', role: 'editor' }, csrfToken: 'c-2' });
  });

  it('says a 403 is a matter of the account', async () => {
    const api = createApi(base, new AuthChannel());
    await expect(api.request('POST', '/api/graphs?status=403', {})).rejects.toThrow('Not allowed for your account: role viewer may not POST /api/graphs');
  });
});
