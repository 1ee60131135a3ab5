import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDocument } from '@sluice/sdk';
import { graphRunStreamSchemas } from '@sluice/sdk/wire';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesGraph } from '../../testing/test-graphs.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let graphId: string;
beforeEach(async () => {
  t = await openTestApp();
  mkdirSync(join(t.temp.dir, 'landing', 'input'));
  writeFileSync(join(t.temp.dir, 'landing', 'input', 'a.txt'), 'hello\n');
  const doc: GraphDocument = {
    ...filesGraph('landing/input'),
    settings: { triggers: { webhook: { enabled: true, path: 'follow/me', auth: 'bearer', secretRef: 'follow-hook' } } },
  };
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
  expect((await t.call('PUT', '/api/credentials/follow-hook', { value: 's3cret' })).status).toBeLessThan(300);
});
afterEach(async () => t.close());

/** Reads `run` events from an open stream until `until` holds, then leaves it. */
async function runEvents(res: Response, until: (ids: string[]) => boolean, ms = 10_000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events: { id: string; status: string; trigger: string; at: string }[] = [];
  const deadline = Date.now() + ms;
  try {
    while (!until(events.map((e) => e.id))) {
      if (Date.now() > deadline) throw new Error(`no such run event within ${ms} ms: ${text}`);
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: run$/m.test(block) && data) events.push(graphRunStreamSchemas.run.parse(JSON.parse(data)));
      }
    }
  } finally {
    await reader.cancel();
  }
  return events;
}

describe('GET /api/graphs/{id}/runs/live', () => {
  it('tells a run a webhook started as it starts, named as a webhook run', async () => {
    const res = await t.request(`/api/graphs/${graphId}/runs/live`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const hook = await t.app.request('/hooks/follow/me', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
    });
    expect(hook.status).toBe(202);
    const { runId } = (await hook.json()) as { runId: string };
    const events = await runEvents(res, (ids) => ids.includes(runId));
    expect(events.find((e) => e.id === runId)).toMatchObject({ status: 'running', trigger: 'webhook' });
  });

  it('tells a run already running on connecting, also one another process runs', async () => {
    await t.runs.stop();
    const queued = (await t.temp.store.runs.enqueue({ graphId, trigger: { kind: 'schedule' } })).run;
    // Claimed as `sluice run` in another process would: the store says running, no listener here heard it.
    expect((await t.temp.store.runs.claimNext({ global: 1, perGraph: 1 }, () => 1))?.id).toBe(queued.id);
    const res = await t.request(`/api/graphs/${graphId}/runs/live`);
    const events = await runEvents(res, (ids) => ids.length > 0);
    expect(events).toEqual([expect.objectContaining({ id: queued.id, status: 'running', trigger: 'schedule' })]);
  });

  it('needs credentials, answers a viewer, and 404 for an unknown graph without opening a stream', async () => {
    expect((await t.request(`/api/graphs/${graphId}/runs/live`, {}, { token: null })).status).toBe(401);
    expect((await t.request(`/api/graphs/${graphId}/runs/live`, {}, { token: 'slu_not-a-token' })).status).toBe(401);
    const viewer = await t.request(`/api/graphs/${graphId}/runs/live`, {}, { token: await t.tokenFor('viewer') });
    expect(viewer.status).toBe(200);
    await viewer.body?.cancel();
    const missing = await t.request('/api/graphs/no-such-graph/runs/live');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no graph "no-such-graph"' });
  });
});
