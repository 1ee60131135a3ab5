import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesGraph } from '../../testing/test-graphs.ts';
import { type RunningServer, startServer } from '../server.ts';
import { bindRefusal, isLoopbackHost } from './bind-policy.ts';

const TOKEN = 'slu_listen-test-token-0123456789abcdefghijklmnopq';
// The run's TMPDIR is removed at its end (runtime/src/testing/temp-dir-global-setup.ts).
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

const portOf = (s: RunningServer) => Number(new URL(s.url).port);

/** A raw TCP client: what it was sent back, and when the server closed it. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (b) => (received += b));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { socket, closed, received: () => received };
}

describe('listen(): bind policy, timeouts, https', () => {
  it('refuses to bind a non-loopback address over plain http, saying why, before touching the data folder', async () => {
    const dataDir = join(temp('sluice-bind-'), 'data');
    await expect(startServer({ dataDir, host: '0.0.0.0', port: 0, log: () => {} })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 over plain http: .*API tokens, passwords and the session cookie would cross the network in clear.*--tls-cert FILE --tls-key FILE.*--insecure-http/,
    );
    expect(existsSync(join(dataDir, 'sluice.db'))).toBe(false);
    expect(['127.0.0.1', '127.3.4.5', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.com', '::ffff:10.0.0.1', '127.0.0.1.nip.io'].some(isLoopbackHost)).toBe(false);
    expect(bindRefusal('0.0.0.0', { tls: true, insecureHttp: false })).toBeUndefined();
  });

  it('binds 0.0.0.0 with --insecure-http, and still answers only the allowed names (421 for the address itself)', async () => {
    const logs: string[] = [];
    const s = await startServer({
      dataDir: temp('sluice-bind-'),
      host: '0.0.0.0',
      port: 0,
      log: (m) => logs.push(m),
      apiToken: TOKEN,
      http: { insecureHttp: true },
    });
    try {
      expect(logs.join('\n')).toMatch(/requests must name this server as one of: localhost, 127\.0\.0\.1, \[::1\] \(--allowed-hosts, SLUICE_ALLOWED_HOSTS\)/);
      const port = portOf(s);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      const c = rawClient(port);
      c.socket.write(`GET /api/health HTTP/1.1\r\nHost: 0.0.0.0:${port}\r\nConnection: close\r\n\r\n`);
      await c.closed;
      expect(c.received()).toMatch(/^HTTP\/1\.1 421 /);
    } finally {
      await s.close();
    }
  });

  it('cuts a client that sends its headers slowly (slowloris) and a body that stops, but not a long answer', async () => {
    const s = await startServer({ dataDir: temp('sluice-slow-'), port: 0, log: () => {}, apiToken: TOKEN, timeouts: { headersMs: 1000, idleBodyMs: 1000 } });
    try {
      const port = portOf(s);
      // Headers trickle in, one line every 200 ms, never finished: cut soon after 1 s.
      const loris = rawClient(port);
      const start = Date.now();
      loris.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => loris.socket.writable && loris.socket.write(`X-Drip-${Date.now()}: 1\r\n`), 200);
      const lorisClosed = await loris.closed;
      clearInterval(drip);
      // Not before the headers timeout: a close for any other reason would not be this defence.
      expect(lorisClosed - start).toBeGreaterThanOrEqual(900);
      expect(lorisClosed - start).toBeLessThan(5000);
      expect(loris.received()).toMatch(/^HTTP\/1\.1 408 |^$/);

      // A body that announces 1000 bytes, sends 10 and falls silent: cut after about a second.
      const idle = rawClient(port);
      const t0 = Date.now();
      idle.socket.write(
        `POST /api/graphs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"documen`,
      );
      const idleClosed = await idle.closed;
      expect(idleClosed - t0).toBeGreaterThanOrEqual(900);
      expect(idleClosed - t0).toBeLessThan(5000);
      expect(idle.received()).toBe('');

      // Once the request is in, an answer may stay quiet for longer: a run's event stream.
      await s.runs.stop();
      const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
      const graphId = (
        (await (await fetch(`${s.url}/api/graphs`, { method: 'POST', headers, body: JSON.stringify({ document: filesGraph('landing') }) })).json()) as {
          id: string;
        }
      ).id;
      const started = await fetch(`${s.url}/api/graphs/${graphId}/runs`, { method: 'POST', headers: { authorization: headers.authorization } });
      const { runId } = (await started.json()) as { runId: string };
      expect(started.status, JSON.stringify(runId)).toBe(202);
      const sse = rawClient(port);
      sse.socket.write(`GET /api/runs/${runId}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
      await new Promise((r) => setTimeout(r, 2500));
      expect(sse.received()).toContain('event: status');
      expect(sse.socket.destroyed).toBe(false);
      sse.socket.destroy();
    } finally {
      await s.close();
    }
  });

  it('serves https with --tls-cert/--tls-key; the session cookie is Secure there', async () => {
    const dir = temp('sluice-tls-');
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    await expect(
      startServer({ dataDir: temp('sluice-tls-'), port: 0, log: () => {}, http: { tls: { certFile: join(dir, 'missing.pem'), keyFile: key } } }),
    ).rejects.toThrow(/--tls-cert: cannot read .*missing\.pem/);
    const s = await startServer({ dataDir: temp('sluice-tls-'), host: '0.0.0.0', port: 0, log: () => {}, http: { tls: { certFile: cert, keyFile: key } } });
    try {
      expect(s.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+$/);
      expect(s.loginUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/#\/login\?token=/);
      const loginToken = new URL(s.loginUrl!.replace('/#/', '/')).searchParams.get('token')!;
      const ca = readFileSync(cert);
      const answer = await new Promise<{ status: number; cookie: string; hsts: string }>((resolve, reject) => {
        const req = httpsRequest(
          { host: '127.0.0.1', port: portOf(s), path: '/api/auth/exchange', method: 'POST', ca, headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode!, cookie: String(res.headers['set-cookie']), hsts: String(res.headers['strict-transport-security']) });
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ loginToken }));
      });
      expect(answer.status).toBe(200);
      expect(answer.cookie).toMatch(/sluice_session=.*; Secure/);
      expect(answer.hsts).toBe('max-age=15552000');
      // Plain http on the https port gets no API answer.
      const plain = rawClient(portOf(s));
      plain.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await plain.closed;
      expect(plain.received()).not.toContain('"status"');
    } finally {
      await s.close();
    }
  });
});
