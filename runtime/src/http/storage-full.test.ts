import { existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.ts';
import { mountSmallDisk } from '@sluice/testing/disk';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-full-data-')));
const disk = mountSmallDisk(join(base, 'data'), 32 << 20);
const mounted = 'fill' in disk ? disk : undefined;
if (!mounted) console.warn(`full data folder tests skipped: ${'refused' in disk ? disk.refused : ''}`);
const token = `slu_${'t'.repeat(43)}`;
let server: RunningServer;
beforeAll(async () => {
  if (mounted) server = await startServer({ dataDir: mounted.dir, port: 0, apiToken: token, env: {}, log: () => {} });
});
afterAll(async () => {
  await server?.close();
  mounted?.unmount();
});

const api = (method: string, path: string, body?: string, type = 'application/json') =>
  fetch(`${server.url}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) } });
const graph = (name: string, description = '') =>
  JSON.stringify({
    document: {
      format: 'sluice-graph',
      version: 1,
      name,
      description,
      nodes: { src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: 'landing' } } },
      edges: [],
    },
  });

describe.skipIf(!mounted)('a full data folder (a real 32 MiB tmpfs; skipped where mount is refused)', () => {
  it('answers 507 naming the full disk to a graph save (SQLITE_FULL) and an upload (ENOSPC), stores nothing, and serves again once there is room', async () => {
    const saved = await api('POST', '/api/graphs', graph('before'));
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: string };
    const landing = join(mounted!.dir, 'landing');

    mounted!.fill(0);
    try {
      // SQLite may still have room in its write-ahead log for a save or two: save until it has none.
      const answers: number[] = [];
      let full: Response | undefined;
      for (let i = 0; i < 50 && !full; i++) {
        const r = await api('POST', '/api/graphs', graph(`full ${i}`, 'x'.repeat(4900)));
        answers.push(r.status);
        if (r.status === 507) full = r;
        else await r.body?.cancel();
      }
      expect(answers.filter((s) => s !== 201 && s !== 507)).toEqual([]);
      expect(full).toBeDefined();
      expect(await full!.json()).toEqual({
        error: expect.stringMatching(/^no space left on the data folder's disk: POST \/api\/graphs stored nothing \(.*(database or disk is full|ENOSPC).*\)/),
      });

      const form = new FormData();
      form.append('file', new File([Buffer.alloc(256 << 10, 'a')], 'big.csv'));
      const upload = await fetch(`${server.url}/api/graphs/${id}/nodes/src/upload`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(upload.status).toBe(507);
      expect(((await upload.json()) as { error: string }).error).toMatch(
        /^no space left on the data folder's disk: POST \/api\/graphs\/[\w-]+\/nodes\/src\/upload stored nothing \(.*ENOSPC/,
      );
      expect(existsSync(join(landing, 'big.csv'))).toBe(false);
    } finally {
      mounted!.free();
    }

    // Still up, and whole: the same requests succeed now.
    expect((await api('GET', '/api/health')).status).toBe(200);
    expect((await api('POST', '/api/graphs', graph('after'))).status).toBe(201);
    const form = new FormData();
    form.append('file', new File(['id\n1\n'], 'small.csv'));
    const upload = await fetch(`${server.url}/api/graphs/${id}/nodes/src/upload`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(upload.status).toBe(201);
    expect(readdirSync(landing)).toContain('small.csv');
  });
});
