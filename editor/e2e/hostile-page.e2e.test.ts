import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { ATTACKS, hostilePageHtml } from './hostile-page.ts';
import { startHostileServer, type HostileServer } from './hostile-server.ts';
import { writeLandingFiles } from './landing-files.ts';
import { launchBrowser } from './launch-browser.ts';
import { rawRequest } from './raw-request.ts';
import { REPO_ROOT } from './start-runtime.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });

/** The state an attack would change: runs, checkpoints, the source folder's files, the credentials. */
async function snapshot(env: E2eEnv, graphId: string) {
  const json = async (path: string) => {
    const res = await env.api(path);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as { items?: unknown[] };
  };
  const files = readdirSync(env.landingDir).sort();
  return {
    runs: (await json(`/api/graphs/${graphId}/runs`)).items?.length,
    checkpoints: (await json(`/api/graphs/${graphId}/checkpoints`)).items,
    files: files.map(
      (f) =>
        `${f} ${createHash('sha256')
          .update(readFileSync(join(env.landingDir, f)))
          .digest('hex')}`,
    ),
    credentials: await json('/api/credentials'),
  };
}

/**
 * Opens the hostile page in the signed-in context and returns each request it made to the runtime,
 * with the status the runtime gave. A no-cors answer may never reach the page (opaque response
 * blocking, or the runtime's Cross-Origin-Resource-Policy): Playwright then reports the request
 * failed, and the status comes from Chromium's raw response headers (DevTools protocol).
 */
async function visit(context: BrowserContext, url: string, runtime: string) {
  const page: Page = await context.newPage();
  // DevTools events of one request may come in any order: join them by request id at the end.
  const sent = new Map<string, string>();
  const statusOf = new Map<string, number>();
  const cdp = await context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) => sent.set(e.requestId, `${e.request.method} ${e.request.url}`));
  cdp.on('Network.responseReceivedExtraInfo', (e) => statusOf.set(e.requestId, e.statusCode));
  const raw = () => [...sent].flatMap(([id, key]) => (statusOf.has(id) ? [{ key, status: statusOf.get(id)! }] : []));
  await cdp.send('Network.enable');

  const outcomes: { r: Request; status?: number; failure?: string }[] = [];
  const answered = new Set<Request>();
  page.on('response', (res) => {
    answered.add(res.request());
    if (res.url().startsWith(runtime)) outcomes.push({ r: res.request(), status: res.status() });
  });
  page.on('requestfailed', (r) => {
    if (!answered.has(r) && r.url().startsWith(runtime)) outcomes.push({ r, failure: r.failure()?.errorText });
  });
  await page.goto(url);
  await eventually(() => outcomes.length).toBe(ATTACKS.length);
  // A blocked answer: its status as Chromium received it (each raw status is used once).
  const blocked = outcomes.filter((o) => o.status === undefined && /ERR_BLOCKED_BY_(RESPONSE|ORB)/.test(o.failure ?? ''));
  const keyOf = (o: { r: Request }) => `${o.r.method()} ${o.r.url()}`;
  await eventually(() => blocked.every((o) => raw().filter((x) => x.key === keyOf(o)).length >= blocked.filter((b) => keyOf(b) === keyOf(o)).length)).toBe(
    true,
  );
  const statuses = raw();
  for (const o of blocked) {
    const i = statuses.findIndex((x) => x.key === keyOf(o));
    o.status = statuses.splice(i, 1)[0]!.status;
  }
  await page.screenshot({ path: join(ARTIFACTS, `hostile-${new URL(url).hostname}.png`) });
  await page.close();
  return outcomes
    .map(
      (o) =>
        `${o.r.method()} ${o.r.url().slice(runtime.length)} [${o.r.headers()['content-type']?.split(';')[0] ?? '-'}] -> ${o.status ?? `failed: ${o.failure}`}${o.failure ? ' (blocked in the browser)' : ''}`,
    )
    .sort();
}

describe('a hostile page on another origin, in the same Chromium as a signed-in editor', () => {
  let env: E2eEnv;
  let hostile: HostileServer;
  let graphId: string;
  const nodeId = 'files';

  beforeAll(async () => {
    env = await startE2eEnv('hostile');
    writeLandingFiles(env.landingDir, 3, 20);
    // The shipped example graph (a copy: the runtime may hold the example already), its source reading the test's landing folder, run once (below) so that it has checkpoints.
    const example = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'gzip-csv-to-bronze', 'graph.json'), 'utf8'));
    example.nodes.files.config.folder = env.landingDir;
    delete example.nodes.sales.config.root;
    const made = await env.api('/api/graphs/import?mode=copy', { method: 'POST', body: JSON.stringify(example) });
    expect(made.status, await made.clone().text()).toBe(201);
    graphId = ((await made.json()) as { id: string }).id;
    hostile = await startHostileServer(hostilePageHtml({ runtime: env.runtime.url, graphId, nodeId, payload: gzipSync('order_id,customer\n666,mallory\n') }));
  });

  afterAll(async () => {
    await hostile?.close();
    await env?.close();
  });

  it('tries CSRF from a same-site and a cross-site origin, and a rebinding Host, and changes nothing', async () => {
    // The legitimate way in works: a run started with the admin token.
    const run = await env.api(`/api/graphs/${graphId}/runs`, { method: 'POST', body: '{}' });
    expect(run.status, await run.clone().text()).toBe(202);
    const { runId } = (await run.json()) as { runId: string };
    await eventually(async () => ((await (await env.api(`/api/runs/${runId}`)).json()) as { status: string }).status, 60_000).toBe('succeeded');

    const before = await snapshot(env, graphId);
    expect(before.runs).toBe(1);
    expect(before.checkpoints?.length).toBe(3);

    const { page: editor } = await env.openSignedIn(`/#/graphs/${graphId}`);
    const context = editor.context();
    const cookie = (await context.cookies(env.runtime.url)).find((c) => c.name === 'sluice_session');
    expect(cookie, 'the editor signed in with a session cookie').toBeDefined();
    const csrf = (await editor.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { csrfToken: string }).csrfToken)) as string;

    // 127.0.0.1:<other port> is same-site with the runtime (the SameSite=Strict cookie goes along):
    // only the CSRF token and the Origin / Sec-Fetch-Site checks stand in the way. localhost is cross-site.
    const report: Record<string, string[]> = {};
    for (const origin of [`http://127.0.0.1:${hostile.port}`, `http://localhost:${hostile.port}`]) {
      const seen = await visit(context, `${origin}/cats.html`, env.runtime.url);
      report[origin] = seen;
    }
    console.log('[hostile page] what the runtime answered:\n' + JSON.stringify(report, null, 2));
    for (const [origin, seen] of Object.entries(report))
      for (const line of seen) expect(line, `${origin}: ${line}`).toMatch(/ -> 40[13]( \(blocked in the browser\))?$/);

    // Rebinding: evil.example resolving to 127.0.0.1. The browser would send Host: evil.example with
    // the page's own requests; node sends it here with a valid cookie, CSRF token and admin token.
    const base = env.runtime.url;
    const port = new URL(base).port;
    const withCookie = { cookie: `sluice_session=${cookie!.value}`, 'x-sluice-csrf': csrf, 'content-type': 'application/json' };
    const withToken = { authorization: `Bearer ${env.runtime.apiToken}`, 'content-type': 'application/json' };
    // Control: the same credentials with the runtime's own Host are good, so a refusal below is the Host's doing.
    expect((await rawRequest(`${base}/api/auth/me`, 'GET', { host: `127.0.0.1:${port}`, ...withCookie })).status).toBe(200);
    expect((await rawRequest(`${base}/api/graphs`, 'GET', { host: `127.0.0.1:${port}`, ...withToken })).status).toBe(200);
    const rebound = [
      ['GET', '/api/graphs', withCookie, undefined],
      ['POST', `/api/graphs/${graphId}/runs`, withCookie, '{}'],
      ['POST', `/api/graphs/${graphId}/checkpoints/reset`, withToken, '{}'],
      ['PUT', '/api/credentials/sluice-events-token', withToken, JSON.stringify({ value: 'attacker-chosen' })],
    ] as const;
    for (const host of ['evil.example', `evil.example:${port}`]) {
      for (const [method, path, headers, body] of rebound) {
        const res = await rawRequest(`${base}${path}`, method, { host, ...headers }, body);
        expect(res.status, `${method} ${path} with Host: ${host} answered ${res.status} ${res.text}`).toBe(421);
      }
    }

    // The same, by a real browser: evil.example resolves to 127.0.0.1, so the attacker's page and
    // the runtime share an origin (http://evil.example:<port>) and the browser sends Host: evil.example.
    const rebinding = await launchBrowser(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
    try {
      const page = await rebinding.newPage();
      const doc = await page.goto(`http://evil.example:${port}/`);
      expect(doc?.status(), 'the editor itself is not served to a foreign Host').toBe(421);
      const statuses = await page.evaluate(async (id) => {
        const post = (path: string, body: string) =>
          fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.status);
        return [
          await fetch('/api/graphs').then((r) => r.status),
          await post(`/api/graphs/${id}/runs`, '{}'),
          await post(`/api/graphs/${id}/checkpoints/reset`, '{}'),
        ];
      }, graphId);
      expect(statuses).toEqual([421, 421, 421]);
    } finally {
      await rebinding.close();
    }

    // Nothing changed: no run, no upload, checkpoints and credentials as they were.
    const after = await snapshot(env, graphId);
    expect(after).toEqual(before);
    expect(readdirSync(env.landingDir).filter((f) => f.startsWith('hostile') || f.startsWith('.'))).toEqual([]);
    await context.close();
  });
});
