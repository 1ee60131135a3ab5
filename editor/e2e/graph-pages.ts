import { expect } from 'vitest';
import type { GraphDocument } from '@sluice/sdk/graph';
import type { E2eEnv } from './e2e-env.ts';
import type { Page } from './launch-browser.ts';

/**
 * Loads the editor in a new document on a graph's address (by way of about:blank): a hash change
 * and a reload would let the old page's own start-up, still loading its first graph, write that
 * graph's address first.
 */
export async function loadGraphAddress(page: Page, runtimeUrl: string, id: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${runtimeUrl}/#/graphs/${encodeURIComponent(id)}`);
}

/** Graphs made through the API and opened in the page by their address; `env` and `page` are read when called (set in beforeAll). */
export function graphPages(env: () => E2eEnv, page: () => Page) {
  return {
    async createGraph(doc: GraphDocument): Promise<string> {
      const res = await env().api('/api/graphs', { method: 'POST', body: JSON.stringify({ name: doc.name, document: doc }) });
      const body = (await res.json()) as { id: string };
      expect(res.status, JSON.stringify(body)).toBe(201);
      return body.id;
    },

    /** Loads the editor afresh on a graph (loadGraphAddress): the start-up path, which reads the address. */
    async openFresh(id: string, name: string) {
      await loadGraphAddress(page(), env().runtime.url, id);
      await expect.poll(() => page().getByTestId('graph-name').inputValue(), { timeout: 20_000, interval: 100 }).toBe(name);
    },
  };
}
