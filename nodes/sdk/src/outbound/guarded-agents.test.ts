import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEndpoint, type LookupAll } from './check-endpoint.ts';
import { guardedAgents } from './guarded-agents.ts';

let server: Server;
let port: number;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.headers.host} ${req.url}`);
    res.end('internal');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** GET through the agent: the body, or the error's name and message. */
function fetchThrough(url: string, agent: ReturnType<typeof guardedAgents>['httpAgent']): Promise<string> {
  return new Promise((resolve) => {
    get(url, { agent }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', (err) => resolve(`${err.name}: ${err.message}`));
  });
}

describe('guardedAgents', () => {
  it('refuses DNS rebinding: a name public at check time and loopback at connect time reaches nothing', async () => {
    let answers = 0;
    // The first answer (the node's check) is public, every later one (the connection's) is loopback.
    const rebinding: LookupAll = async () => [{ address: answers++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    const url = `http://rebind.example:${port}/api/graphs`;
    await expect(checkEndpoint(url, [], rebinding)).resolves.toMatchObject({ addresses: ['93.184.216.34'] });
    const { httpAgent } = guardedAgents([], { keepAlive: false }, rebinding);
    expect(await fetchThrough(url, httpAgent)).toMatch(/^EndpointNotAllowedError: endpoint http:\/\/rebind.example:\d+ is not allowed/);
    expect(seen).toEqual([]);
  });

  it('refuses a loopback address given as such, and lets the listed origin through', async () => {
    const refused = guardedAgents([], { keepAlive: false });
    expect(await fetchThrough(`http://127.0.0.1:${port}/`, refused.httpAgent)).toMatch(/EndpointNotAllowedError/);
    expect(seen).toEqual([]);
    const listed = guardedAgents([`http://127.0.0.1:${port}`], { keepAlive: false });
    expect(await fetchThrough(`http://127.0.0.1:${port}/ok`, listed.httpAgent)).toBe('internal');
    expect(seen).toEqual([`127.0.0.1:${port} /ok`]);
  });

  it('connects a name to the address its own lookup answered', async () => {
    // The answer is handed to the socket (no second resolution that could differ): here it is the
    // listener itself, listed under the name's origin so that the connection may be made and seen.
    const lookup: LookupAll = async () => [{ address: '127.0.0.1', family: 4 }];
    const { httpAgent } = guardedAgents([`http://s3.internal.test:${port}`], { keepAlive: false }, lookup);
    seen.length = 0;
    expect(await fetchThrough(`http://s3.internal.test:${port}/pinned`, httpAgent)).toBe('internal');
    expect(seen).toEqual([`s3.internal.test:${port} /pinned`]);
  });
});
