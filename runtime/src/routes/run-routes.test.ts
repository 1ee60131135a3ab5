import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiErrorSchema, runLogPageSchema, runPageSchema, runQueuedSchema, type RunStreamEventName, runStreamSchemas, runViewSchema } from '@sluice/sdk/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { filesGraph } from '../../testing/test-graphs.ts';

let t: TestApp;
let graphId: string;
beforeAll(async () => {
  t = await openTestApp();
  // The data folder's landing area: the default input root.
  const input = join(t.temp.dir, 'landing', 'input');
  mkdirSync(input);
  for (const n of ['a', 'b']) writeFileSync(join(input, `${n}.txt`), `hello ${n}\n`);
  graphId = (await t.call('POST', '/api/graphs', { document: filesGraph('landing/input') })).body.id;
});
afterAll(() => t.close());

async function finished(runId: string) {
  for (let i = 0; i < 500; i++) {
    const r = await t.call('GET', `/api/runs/${runId}`);
    if (['succeeded', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** Reads a whole SSE response into events. */
async function readEvents(res: Response): Promise<{ event: string; data: any }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.includes('event:'))
    .map((b) => {
      const event = /^event: (.*)$/m.exec(b)![1]!;
      const data = b
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

describe('run API', () => {
  it('queues a run (202), runs it, and reports counters, history, logs and events', async () => {
    const started = await t.call('POST', `/api/graphs/${graphId}/runs`, { params: { reason: 'test' } });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    const runId = started.body.runId;
    // Subscribe while it may still run: the stream starts with a status and ends after the final one.
    const eventsPromise = Promise.resolve(t.request(`/api/runs/${runId}/events`)).then(readEvents);
    const run = await finished(runId);
    expect(run).toMatchObject({ id: runId, graphId, status: 'succeeded', trigger: 'manual', params: { reason: 'test' }, attempts: 1, errors: [] });
    expect(run.files).toMatchObject({ processed: 2, failed: 0 });
    expect(run.nodes.src.filesOut).toBe(2);
    expect(run.nodes.unzip.filesIn).toBe(2);
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));

    const events = await eventsPromise;
    expect(events[0]?.event).toBe('status');
    expect(events.at(-1)).toMatchObject({ event: 'status', data: { status: 'succeeded' } });
    expect(events.some((e) => e.event === 'stats' && e.data.nodes)).toBe(true);

    const everywhere = await t.call('GET', '/api/runs?status=succeeded');
    expect(everywhere.body.items.map((r: any) => r.id)).toContain(runId);
    expect((await t.call('GET', '/api/runs?status=queued')).body.items.map((r: any) => r.id)).not.toContain(runId);
    expect((await t.call('GET', '/api/runs?status=done')).status).toBe(400);
    const history = await t.call('GET', `/api/graphs/${graphId}/runs?limit=5`);
    expect(history.body).toMatchObject({ total: 1, items: [{ id: runId, status: 'succeeded' }] });

    const logs = await t.call('GET', `/api/runs/${runId}/logs?limit=1`);
    expect(logs.status).toBe(200);
    expect(logs.body.items).toHaveLength(1);
    const rest = await t.call('GET', `/api/runs/${runId}/logs?after=${logs.body.next}&limit=1000`);
    expect(rest.body.items.every((l: any) => l.seq > logs.body.next)).toBe(true);
    expect([...logs.body.items, ...rest.body.items].some((l: any) => /listed 2 matching files/.test(l.message))).toBe(true);

    // Events of a finished run: the final status at once, then the end of the stream.
    const after = await readEvents(await t.request(`/api/runs/${runId}/events`));
    expect(after.map((e) => e.event)).toEqual(['status', 'stats']);
    expect(after[0]?.data.status).toBe('succeeded');

    const cancel = await t.call('POST', `/api/runs/${runId}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatch(/has already finished \(succeeded\)/);
  });

  it('runs without a body too, and answers 404 and 400 naming what is wrong', async () => {
    const bare = await t.request(`/api/graphs/${graphId}/runs`, { method: 'POST' });
    expect(bare.status).toBe(202);
    await finished(((await bare.json()) as { runId: string }).runId);
    expect((await t.call('POST', '/api/graphs/nope/runs', {})).body.error).toBe('no graph "nope"');
    expect((await t.call('GET', '/api/runs/run-nope')).status).toBe(404);
    expect((await t.call('POST', '/api/runs/run-nope/cancel')).status).toBe(404);
    expect((await t.call('GET', '/api/runs/run-nope/events')).status).toBe(404);
    expect((await t.call('GET', '/api/graphs/nope/runs')).status).toBe(404);
    const params = await t.call('POST', `/api/graphs/${graphId}/runs`, { params: [1, 2] });
    expect(params.status).toBe(400);
    expect(params.body.problems[0].path).toEqual(['params']);
    const logs = await t.call('GET', `/api/runs/x/logs?level=loud`);
    expect(logs.status).toBe(400);
    expect(logs.body.error).toMatch(/^invalid request query string: level: /);
  });

  it('answers in the shapes of the wire contract (@sluice/sdk/wire), to the letter', async () => {
    // Parsing strips keys a schema does not name: equal to the body means no field is missing,
    // mistyped or unknown to the contract that the editor reads.
    const exact = (schema: { parse(v: unknown): unknown }, body: unknown) => expect(schema.parse(body)).toEqual(body);
    const started = await t.call('POST', `/api/graphs/${graphId}/runs`, { params: { reason: 'contract' } });
    exact(runQueuedSchema, started.body);
    const events = Promise.resolve(t.request(`/api/runs/${started.body.runId}/events`)).then(readEvents);
    exact(runViewSchema, await finished(started.body.runId));
    const streamed = await events;
    expect(streamed.map((e) => e.event)).toEqual(expect.arrayContaining(['status', 'stats']));
    for (const e of streamed) exact(runStreamSchemas[e.event as RunStreamEventName], e.data);
    exact(runPageSchema, (await t.call('GET', `/api/graphs/${graphId}/runs`)).body);
    exact(runPageSchema, (await t.call('GET', '/api/runs?status=succeeded')).body);
    exact(runLogPageSchema, (await t.call('GET', `/api/runs/${started.body.runId}/logs`)).body);
    exact(apiErrorSchema, (await t.call('POST', `/api/runs/${started.body.runId}/cancel`)).body);
  });

  it('refuses to queue a run of a graph that no longer plans', async () => {
    const row = await t.temp.store.graphs.create({
      ...filesGraph(),
      nodes: { x: { type: 'gone-type', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
      edges: [],
    });
    const r = await t.call('POST', `/api/graphs/${row.id}/runs`, {});
    expect(r.status).toBe(422);
    expect(r.body.error).toBe(
      `graph "${row.id}" is a draft and cannot run until it is finished: node "x" (gone-type): unknown node type "gone-type": no installed plugin provides it`,
    );
  });

  it('refuses a run of a draft, naming each node and its problem', async () => {
    const doc = filesGraph();
    doc.nodes.unzip!.config = { maxRatio: -3 };
    doc.edges = [];
    const saved = await t.call('POST', '/api/graphs', { document: doc });
    expect(saved.status).toBe(201);
    const r = await t.call('POST', `/api/graphs/${saved.body.id}/runs`, {});
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(new RegExp(`^graph "${saved.body.id}" is a draft and cannot run until it is finished: `));
    expect(r.body.error).toContain('node "unzip" (decompress), setting "maxRatio": ');
    expect(r.body.error).toContain('input "files" of node "unzip" (decompress) is not connected');
    expect(r.body.problems).toContainEqual({ path: ['nodes', 'unzip'], message: 'input "files" of node "unzip" (decompress) is not connected' });
    expect((await t.temp.store.runs.listForGraph(saved.body.id, 10, 0)).total).toBe(0);
  });
});
