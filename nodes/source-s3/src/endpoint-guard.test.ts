import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestGraph, type TestRun } from '@sluice/engine/testing';
import { openStore } from '@sluice/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { chain, s3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS } from '../testing/s3-test-fixture.ts';

/**
 * Issue 12, findings 6 and 7: a graph's S3 endpoint aimed at the runtime's own machine or network
 * (SSRF), and credential names that read the runtime's environment. Each test makes the attack with
 * a real listener standing in for the target, and checks that nothing reached it.
 */

interface Listener {
  server: Server;
  origin: string;
  requests: IncomingHttpHeaders[];
}

/** A plain HTTP service (not S3) that records every request's headers and answers like a web app. */
async function listener(
  answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}'),
): Promise<Listener> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    answer(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function closedPort(): Promise<string> {
  const l = await listener();
  await new Promise<void>((r) => l.server.close(() => r()));
  return l.origin;
}

let fx: S3Fixture;
let target: Listener;
let dataDir: string;
const open: Listener[] = [];

beforeAll(async () => {
  fx = await s3Fixture('guard');
  target = await listener();
  open.push(target);
}, S3_SETUP_TIMEOUT_MS);
afterAll(async () => {
  fx?.dispose();
  await Promise.all(open.map((l) => new Promise<void>((r) => l.server.close(() => r()))));
});
beforeEach(async () => {
  target.requests.length = 0;
  // A data folder whose store holds a secret, as a runtime's would: the attack wants it signed or sent.
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-guard-'));
  const store = openStore({ dataDir });
  await store.credentials.put('victim-key', 'AKIAVICTIM');
  await store.credentials.put('victim-secret', 'victim-secret-value');
  await store.credentials.put('sluice-events-token', 'events-token-value');
  await store.close();
});

function list(config: Record<string, unknown>, allowedEndpoints: string[] = []): Promise<TestRun> {
  const source = {
    bucket: 'loot',
    endpoint: target.origin,
    forcePathStyle: true,
    accessKeyId: 'victim-key',
    secretAccessKey: 'victim-secret',
    maxAttempts: 1,
    ...config,
  };
  return runTestGraph(chain('ssrf', [{ id: 'src', type: 'source-s3', config: source }]), { plugins: [plugin], dataDir, access: { allowedEndpoints } });
}
const errors = (run: TestRun) => run.summary.errors.map((e) => e.message).join('\n');

describe('source-s3 endpoint guard (SSRF)', () => {
  it('refuses an endpoint on 127.0.0.1 before any request reaches it: no Authorization header ever arrives', async () => {
    const run = await list({});
    expect(run.summary.status).toBe('failed');
    expect(errors(run)).toContain(`endpoint ${target.origin} is not allowed`);
    expect(errors(run)).toContain('SLUICE_ALLOWED_ENDPOINTS');
    expect(target.requests).toEqual([]);
  });

  it('refuses a host name that resolves to 127.0.0.1 (localhost), and the same port by IPv6 or mapped address', async () => {
    const port = new URL(target.origin).port;
    for (const endpoint of [`http://localhost:${port}`, `http://[::ffff:127.0.0.1]:${port}`, `http://[::1]:${port}`, `http://2130706433:${port}`]) {
      const run = await list({ endpoint });
      expect(errors(run), endpoint).toMatch(/endpoint .* is not allowed/);
    }
    expect(target.requests).toEqual([]);
  });

  it('refuses the metadata service and private networks', async () => {
    for (const endpoint of ['http://169.254.169.254', 'http://10.0.0.1:9000', 'http://192.168.1.1', 'http://172.16.0.1', 'http://100.64.0.1']) {
      const run = await list({ endpoint });
      expect(run.summary.status, endpoint).toBe('failed');
      expect(errors(run), endpoint).toContain(`endpoint ${new URL(endpoint).origin} is not allowed`);
    }
  });

  it('lets a listed endpoint through (the guard is what stopped the requests above)', async () => {
    const run = await list({}, [target.origin]);
    expect(run.summary.status).toBe('failed');
    expect(target.requests.length).toBeGreaterThan(0);
    expect(target.requests[0]!.authorization).toContain('Credential=AKIAVICTIM/');
  });

  it('lists from the listed test server (startS3Server lists itself in SLUICE_ALLOWED_ENDPOINTS)', async () => {
    await fx.put('in/a.csv', 'a\n1\n');
    expect(process.env.SLUICE_ALLOWED_ENDPOINTS?.split(',')).toContain(new URL(fx.server.endpoint).origin);
    const run = await runTestGraph(chain('listed', [{ id: 'src', type: 'source-s3', config: fx.config({ prefix: 'in/' }) }]), { plugins: [plugin] });
    expect(run.summary.status).toBe('succeeded');
    expect(run.summary.nodes.src!.filesOut).toBe(1);
  });

  it('reads the same for a closed port, an open port that is not S3 and one that drops the connection', async () => {
    const web = await listener();
    const dropper = await listener((res) => res.socket?.destroy());
    open.push(web, dropper);
    const closed = await closedPort();
    const messages: string[] = [];
    for (const origin of [closed, web.origin, dropper.origin]) {
      const run = await list({ endpoint: origin }, [origin]);
      expect(run.summary.status, origin).toBe('failed');
      messages.push(errors(run).replaceAll(origin, 'ENDPOINT'));
    }
    expect(messages[0]).toBe(
      'node "src" failed: listing s3://loot/ failed: no usable answer from ENDPOINT (the host may be unknown or unreachable, the connection refused, dropped or timed out, or the service not the one expected)',
    );
    expect(new Set(messages).size).toBe(1);
    expect(web.requests.length).toBeGreaterThan(0); // it did answer: the message just does not say so
  });

  it('follows no redirect: a listed endpoint answering 307 elsewhere sends nothing there', async () => {
    const elsewhere = await listener();
    const redirector = await listener((res) => res.writeHead(307, { location: `${elsewhere.origin}/loot` }).end());
    open.push(elsewhere, redirector);
    const run = await list({ endpoint: redirector.origin }, [redirector.origin, elsewhere.origin]);
    expect(run.summary.status).toBe('failed');
    expect(redirector.requests.length).toBeGreaterThan(0);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('source-s3 credential names (exfiltration)', () => {
  it('resolves HOME or PATH to nothing: the run fails before a request, and no variable is sent', async () => {
    for (const names of [
      { accessKeyId: 'HOME', secretAccessKey: 'PATH' },
      { sessionToken: 'HOME' },
      { accessKeyId: 'SLUICE_API_TOKEN', secretAccessKey: 'victim-secret' },
    ]) {
      const run = await list(names, [target.origin]);
      expect(run.summary.status).toBe('failed');
      expect(errors(run)).toMatch(/credential "(HOME|PATH|SLUICE_API_TOKEN)" \(named by \w+\) is not available/);
    }
    expect(target.requests).toEqual([]);
  });

  it('never hands a node the events token (a name the runtime keeps)', async () => {
    const run = await list({ sessionToken: 'sluice-events-token' }, [target.origin]);
    expect(errors(run)).toContain('credential "sluice-events-token" (named by sessionToken) is not available');
    expect(target.requests).toEqual([]);
  });

  it('reads SLUICE_CREDENTIAL_<NAME> from the environment', async () => {
    process.env.SLUICE_CREDENTIAL_GUARD_TEST_KEY = 'AKIAFROMENV';
    const run = await list({ accessKeyId: 'guard-test.key' }, [target.origin]);
    expect(target.requests[0]?.authorization).toContain('Credential=AKIAFROMENV/');
    expect(run.summary.status).toBe('failed');
    delete process.env.SLUICE_CREDENTIAL_GUARD_TEST_KEY;
  });
});
