import type { Page } from 'playwright-core';

/**
 * Drives the editor like a user: real pointer drags from the palette and between handles, clicks
 * and typing. Selectors are the editor's own test ids and xyflow's stable data attributes.
 */
/**
 * One element per wire. The canvas also draws a copy of each wire above the nodes (.wire-overlay,
 * so a wire is seen where it crosses a node); those copies are not wires of the graph.
 */
export const WIRE = '.react-flow__edge:not(.wire-overlay)';

export function canvasDriver(page: Page) {
  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const handle = (id: string, port: string, side: 'source' | 'target') => node(id).locator(`.react-flow__handle.${side}[data-handleid="${port}"]`);

  async function center(selector: ReturnType<Page['locator']>) {
    const box = await selector.boundingBox();
    if (!box) throw new Error(`not visible: ${selector}`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  return {
    node,
    handle,

    /** Drags a node type from the palette to a point of the canvas (pixels from the canvas' top-left). */
    async dragFromPalette(type: string, at: { x: number; y: number }) {
      const item = page.locator(`.palette-item[data-type="${type}"]`);
      await item.scrollIntoViewIfNeeded();
      const from = await center(item);
      const pane = await page.locator('.react-flow').boundingBox();
      if (!pane) throw new Error('no canvas');
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(pane.x + at.x, pane.y + at.y, { steps: 12 });
      await page.mouse.up();
    },

    /** Draws a wire from an output handle to an input handle. */
    async wire(from: { node: string; port: string }, to: { node: string; port: string }) {
      const a = await center(handle(from.node, from.port, 'source'));
      const b = await center(handle(to.node, to.port, 'target'));
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 });
      await page.mouse.move(b.x, b.y, { steps: 6 });
      await page.mouse.up();
    },

    /** Selects a node by clicking its header, or its light box when zoomed out (the inspector then shows its form). */
    async select(id: string) {
      await node(id).locator('.sn-head, .sn-light').first().click();
      await page.getByTestId('inspector').waitFor();
    },

    field(path: string) {
      return page.locator(`[data-testid="inspector"] [data-field="${path}"]`).first();
    },

    async fill(path: string, value: string) {
      const input = page.locator(`[data-testid="inspector"] [data-field="${path}"] :is(input, textarea)`).first();
      await input.fill(value);
    },
  };
}
