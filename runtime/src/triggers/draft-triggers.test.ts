import type { GraphDocument } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBlocker } from '../graphs/run-refusal.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { filesGraph, node } from '../../testing/test-graphs.ts';
import { TriggerScheduler } from './trigger-scheduler.ts';

const EVENTS_TOKEN = 'draft-events-token';
const DRAFT_WHY = /is a draft and cannot run until it is finished: input "files" of node "unzip" \(decompress\) is not connected/;

let t: TestApp;
beforeEach(async () => {
  process.env.SLUICE_EVENTS_TOKEN = EVENTS_TOKEN;
  t = await openTestApp();
  // No worker: whatever a trigger queues stays visible.
  await t.runs.stop();
});
afterEach(async () => {
  await t.close();
  delete process.env.SLUICE_EVENTS_TOKEN;
});

/** A graph whose decompress node has lost its wire: saved, but a draft. */
function draft(settings: GraphDocument['settings']): GraphDocument {
  return { ...filesGraph('.'), edges: [], settings };
}

const runCount = async () => Object.values(await t.temp.store.runs.countByStatus()).reduce((a, b) => a + b, 0);

describe('triggers of a draft', () => {
  it('a webhook refuses a draft with 422 naming the node and the problem, only once the caller is authenticated', async () => {
    const saved = await t.call('POST', '/api/graphs', {
      document: draft({ triggers: { webhook: { enabled: true, path: 'draft/hook', auth: 'bearer', secretRef: 'draft-hook' } } }),
    });
    expect(saved.status).toBe(201);
    await t.call('PUT', '/api/credentials/draft-hook', { value: 's3cret' });
    const post = (auth: string) =>
      t.app.request('/hooks/draft/hook', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', authorization: auth } });
    const stranger = await post('Bearer wrong');
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).not.toMatch(/unzip/);
    const res = await post('Bearer s3cret');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(DRAFT_WHY);
    expect(await runCount()).toBe(0);
    expect((await t.call('GET', '/api/hooks/requests')).body.items[0]).toMatchObject({ status: 'rejected', httpStatus: 422 });

    // Finished, the same hook runs it.
    await t.call('PUT', `/api/graphs/${saved.body.id}`, { document: { ...filesGraph('.'), settings: saved.body.document.settings } });
    expect((await post('Bearer s3cret')).status).toBe(202);
  });

  it('a bucket event for a draft starts nothing and is recorded as ignored with the reason', async () => {
    const doc: GraphDocument = {
      format: 'sluice-graph',
      version: 1,
      name: 'watching draft',
      settings: { triggers: { bucketEvents: { enabled: true } } },
      nodes: { src: node('source-s3', { bucket: 'draft-bucket', prefix: 'in/' }), unzip: node('decompress', {}, 200) },
      edges: [],
    };
    const saved = await t.call('POST', '/api/graphs', { document: doc });
    expect(saved.status).toBe(201);
    const body = JSON.stringify({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'draft-bucket' }, object: { key: 'in/a.csv', size: 3 } },
        },
      ],
    });
    const res = await t.app.request('/api/events/s3', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EVENTS_TOKEN}` },
    });
    const answer = (await res.json()) as { events: { status: string; reason: string }[] };
    expect(answer.events[0]).toMatchObject({ status: 'ignored', reason: expect.stringMatching(DRAFT_WHY) });
    expect(await runCount()).toBe(0);
  });

  it('a schedule of a draft makes no job, and the triggers overview says why', async () => {
    const saved = await t.call('POST', '/api/graphs', { document: draft({ triggers: { poll: { enabled: true, everySeconds: 1 } } }) });
    const scheduler = new TriggerScheduler({ store: t.temp.store, queue: t.runs, plugins: t.registry, blocker: runBlocker(t.registry) });
    try {
      await scheduler.sync();
      expect(scheduler.scheduled()).toEqual([]);
      expect(scheduler.problemsOf(saved.body.id)).toEqual([expect.stringMatching(DRAFT_WHY)]);
      const overview = (await t.call('GET', `/api/triggers?graph=${saved.body.id}`)).body.items[0];
      expect(overview.problems).toEqual([expect.stringMatching(DRAFT_WHY)]);
      expect(overview.poll).toMatchObject({ enabled: true, nextAt: null });

      await t.call('PUT', `/api/graphs/${saved.body.id}`, { document: { ...filesGraph('.'), settings: saved.body.document.settings } });
      await scheduler.sync();
      expect(scheduler.scheduled()).toMatchObject([{ graphId: saved.body.id, kind: 'poll' }]);
    } finally {
      await scheduler.stop();
    }
  });
});
