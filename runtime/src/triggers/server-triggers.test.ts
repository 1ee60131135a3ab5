import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDocument } from '@sluice/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.ts';

let server: RunningServer | undefined;
const API_TOKEN = 'server-triggers-api-token-0123';
const auth = { authorization: `Bearer ${API_TOKEN}` };
let dataDir: string;
afterEach(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server runs timed triggers', () => {
  it('a graph saved with polling every second is run by the scheduler, through the queue', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sluice-server-triggers-'));
    // The data folder's landing area: an input root by default.
    mkdirSync(join(dataDir, 'landing', 'input'), { recursive: true });
    writeFileSync(join(dataDir, 'landing', 'input', 'a.txt'), 'hello\n');
    server = await startServer({ dataDir, port: 0, log: () => {}, apiToken: API_TOKEN });
    const doc: GraphDocument = {
      format: 'sluice-graph',
      version: 1,
      name: 'Polled',
      settings: { triggers: { poll: { enabled: true, everySeconds: 1 } } },
      nodes: { src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: 'landing/input', patterns: ['*.txt'] } } },
      edges: [],
    };
    const res = await fetch(`${server.url}/api/graphs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ document: doc }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const end = Date.now() + 15_000;
    let runs: { trigger: string; status: string }[] = [];
    while (Date.now() < end && !runs.some((r) => r.status === 'succeeded')) {
      await new Promise((r) => setTimeout(r, 100));
      runs = ((await (await fetch(`${server.url}/api/graphs/${id}/runs`, { headers: auth })).json()) as { items: typeof runs }).items;
    }
    expect(runs.find((r) => r.status === 'succeeded')).toMatchObject({ trigger: 'poll' });
    const triggers = (await (await fetch(`${server.url}/api/triggers?graph=${id}`, { headers: auth })).json()) as { items: { poll: { nextAt: string } }[] };
    expect(new Date(triggers.items[0]!.poll.nextAt).getTime()).toBeGreaterThan(Date.now() - 2000);
  });
});
