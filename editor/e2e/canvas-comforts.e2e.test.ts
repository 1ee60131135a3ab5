import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGraph, type GraphDocument } from '@sluice/sdk/graph';
import { WIRE } from './canvas-driver.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { loadGraphAddress } from './graph-pages.ts';
import type { Page } from './launch-browser.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });
type Wire = [string, string, string, string];

/**
 * Issue 16's comforts of the canvas, in Chromium: search, the context menu (mouse and keyboard),
 * disabling a node, sticky notes and groups, copy and paste through the system clipboard, new nodes
 * that do not land on others, a wire that stays visible where it passes under a node, and nodes
 * drawn as light boxes when zoomed out (level of detail).
 */
describe('the canvas comforts of issue 16, in Chromium', () => {
  let env: E2eEnv;
  let page: Page;
  let versions: Record<string, number> = {};

  beforeAll(async () => {
    env = await startE2eEnv('comforts');
    const types = (await (await env.api('/api/node-types')).json()) as
      | { nodeTypes?: { type: string; version: number }[] }
      | { type: string; version: number }[];
    const list = Array.isArray(types) ? types : (types.nodeTypes ?? []);
    versions = Object.fromEntries(list.map((t) => [t.type, t.version]));
    ({ page } = await env.openSignedIn());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.runtime.url });
    page.on('dialog', (d) => void d.accept().catch(() => {}));
  });

  afterAll(async () => {
    await env?.close();
  });

  const node = (type: string, x: number, y: number, config: Record<string, unknown> = {}) => ({
    type,
    typeVersion: versions[type] ?? 1,
    position: { x, y },
    config,
  });

  /** source-local-1 -> checkpoint-1 -> decompress-1 -> parse-csv-1 -> bronze-sink-1, with decompress between the first two. */
  function pipeline(name: string, table: string): GraphDocument {
    const dir = join(env.landingDir, table);
    mkdirSync(dir, { recursive: true });
    const wires: Wire[] = [
      ['source-local-1', 'files', 'checkpoint-1', 'files'],
      ['checkpoint-1', 'files', 'decompress-1', 'files'],
      ['decompress-1', 'files', 'parse-csv-1', 'files'],
      ['parse-csv-1', 'table', 'bronze-sink-1', 'table'],
    ];
    return {
      ...emptyGraph(name),
      nodes: {
        'source-local-1': node('source-local', 0, 0, { folder: dir, patterns: ['*.csv'] }),
        // Between the source and the checkpoint, on the line of the wire joining them.
        'decompress-1': node('decompress', 330, 0),
        'checkpoint-1': node('checkpoint', 660, 0),
        'parse-csv-1': node('parse-csv', 330, 260),
        'bronze-sink-1': node('bronze-sink', 660, 260, { table }),
      },
      edges: wires.map(([a, ap, b, bp]) => ({ from: { node: a, port: ap }, to: { node: b, port: bp } })),
    };
  }

  async function open(doc: GraphDocument): Promise<string> {
    const res = await env.api('/api/graphs', { method: 'POST', body: JSON.stringify({ name: doc.name, document: doc }) });
    const body = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    await loadGraphAddress(page, env.runtime.url, body.id);
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe(doc.name);
    await eventually(() => page.locator('.react-flow__node').count()).toBeGreaterThanOrEqual(Object.keys(doc.nodes).length);
    return body.id;
  }

  const flowNode = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const clickPane = () => page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
  const saved = async (id: string) => ((await (await env.api(`/api/graphs/${id}`)).json()) as { document: GraphDocument }).document;
  const save = async () => {
    await page.keyboard.press('Control+s');
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);
  };

  it('a wire passing under a node that sits between its ends is drawn across that node', async () => {
    await open(pipeline('Hidden wire', 'hidden'));
    const wire = 'source-local-1.files->checkpoint-1.files';
    await eventually(() => page.locator(`.react-flow__edge[data-id="${wire}"]`).count()).toBe(1);
    // The middle of the wire, in page pixels: it lies on decompress-1's body (once the view has
    // settled: the opening fit and the nodes' measured sizes can still move both for a moment).
    const midOf = () =>
      page.evaluate((id) => {
        const path = document.querySelector<SVGPathElement>(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`)!;
        const p = path.getPointAtLength(path.getTotalLength() / 2);
        const m = path.getScreenCTM()!;
        return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
      }, wire);
    const onBody = async () => {
      const [mid, body] = [await midOf(), (await flowNode('decompress-1').boundingBox())!];
      return mid.x > body.x && mid.x < body.x + body.width && mid.y > body.y && mid.y < body.y + body.height;
    };
    await eventually(onBody).toBe(true);
    const mid = await midOf();
    // Pixels on the wire's line across the node: some must be the wire's colour, not the node's white.
    const shot = await page.screenshot({ clip: { x: mid.x - 30, y: mid.y - 2, width: 60, height: 5 } });
    const inked = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.min(d[i]!, d[i + 1]!, d[i + 2]!) < 215) n++;
      return n;
    }, shot.toString('base64'));
    expect(inked).toBeGreaterThan(10);
    await page.screenshot({ path: join(ARTIFACTS, 'comforts-wire-across-node.png') });
  });

  it('zoomed out, nodes are light boxes (name and state, no port rows) still wired, named and reached by keyboard; zooming in brings the ports back', async () => {
    await open(pipeline('Far away', 'far'));
    await eventually(() => page.locator(WIRE).count()).toBe(4);
    const title = (await flowNode('parse-csv-1').locator('.sn-title').textContent()) ?? '';
    expect(title).not.toBe('');
    const zoom = () => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a);
    const detail = () =>
      page.evaluate(() => ({
        light: document.querySelectorAll('.react-flow__node .sn-light').length,
        portRows: document.querySelectorAll('.react-flow__node .sn-port').length,
        handles: document.querySelectorAll('.react-flow__node .react-flow__handle').length,
        copies: document.querySelectorAll('.react-flow__edge.wire-overlay').length,
        dots: document.querySelectorAll('.react-flow__background').length,
      }));
    expect(await detail()).toMatchObject({ light: 0, copies: 4, dots: 1 });
    const fullHandles = (await detail()).handles;
    expect((await detail()).portRows).toBe(fullHandles);

    while ((await zoom()) >= 0.5) await page.locator('.react-flow__controls-zoomout').click();
    await eventually(detail).toEqual({ light: 5, portRows: 0, handles: fullHandles, copies: 0, dots: 0 });
    await page.screenshot({ path: join(ARTIFACTS, 'comforts-zoomed-out.png') });
    // Every wire still drawn, from the right side of its source box to the left side of its target box.
    const ends: [string, string][] = [
      ['source-local-1', 'checkpoint-1'],
      ['parse-csv-1', 'bronze-sink-1'],
    ];
    for (const [from, to] of ends) {
      const wire = page.locator(`.react-flow__edge[data-id^="${from}."][data-id*="->${to}."]`).first();
      const drawn = await wire.evaluate((el) => {
        const path = el.querySelector<SVGPathElement>('.react-flow__edge-path')!;
        const m = path.getScreenCTM()!;
        const at = (l: number) => {
          const p = path.getPointAtLength(l);
          return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
        };
        return { start: at(0), end: at(path.getTotalLength()) };
      });
      const a = (await flowNode(from).boundingBox())!;
      const b = (await flowNode(to).boundingBox())!;
      expect(Math.abs(drawn.start.x - (a.x + a.width))).toBeLessThan(6);
      expect(drawn.start.y > a.y && drawn.start.y < a.y + a.height).toBe(true);
      expect(Math.abs(drawn.end.x - b.x)).toBeLessThan(6);
      expect(drawn.end.y > b.y && drawn.end.y < b.y + b.height).toBe(true);
    }

    // The keyboard: Tab reaches a light box, which is named by its title and shows its focus; Enter opens its form.
    await clickPane();
    await flowNode('decompress-1').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement!;
      return { id: el.getAttribute('data-id'), text: el.textContent, ring: getComputedStyle(el.querySelector('.sn')!).boxShadow };
    });
    expect(focused.id).not.toBeNull();
    expect(focused.text).toContain(await flowNode(focused.id!).locator('.sn-title').textContent());
    expect(focused.ring).not.toBe('none');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('[data-testid="inspector"] .inspector-head p').textContent()).toMatch(new RegExp(`^${focused.id} `));
    await eventually(() => flowNode(focused.id!).locator('.sn-light').getAttribute('class')).toMatch(/selected/);
    // The light box of a node says its name: the title of parse-csv-1, at a larger size than in full detail.
    expect(await flowNode('parse-csv-1').locator('.sn-title').textContent()).toBe(title);

    while ((await zoom()) < 0.5) await page.locator('.react-flow__controls-zoomin').click();
    await eventually(detail).toEqual({ light: 0, portRows: fullHandles, handles: fullHandles, copies: 4, dots: 1 });
  });

  it('Ctrl+F finds a node by label, type or id, and Enter selects it and brings it into view', async () => {
    await open(pipeline('Search', 'search'));
    await clickPane();
    await page.keyboard.press('Control+f');
    const box = page.getByTestId('canvas-search').locator('input');
    await box.waitFor();
    await box.fill('bronze');
    await eventually(() => page.getByTestId('canvas-search').locator('li').allTextContents()).toEqual([expect.stringContaining('bronze-sink-1')]);
    await box.press('Enter');
    await eventually(() => flowNode('bronze-sink-1').getAttribute('class')).toMatch(/selected/);
    await eventually(() => page.getByTestId('inspector').count()).toBe(1);
    await box.fill('no such node');
    await eventually(() => page.getByTestId('canvas-search').textContent()).toMatch(/No node matches/);
    await box.press('Escape');
    await eventually(() => page.getByTestId('canvas-search').count()).toBe(0);
  });

  it('the context menu disables a node (by mouse and by keyboard), adds a note and a group, all saved with the graph', async () => {
    const id = await open(pipeline('Menu', 'menu'));
    // Right click on a node: its menu. Disabling the parser leaves the sink unwired, which is said on the sink.
    await flowNode('parse-csv-1').locator('.sn-head').click({ button: 'right' });
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Disable' }).click();
    await eventually(() => flowNode('parse-csv-1').locator('.sn').getAttribute('class')).toMatch(/disabled/);
    await eventually(() => flowNode('bronze-sink-1').locator('.sn-problems').textContent()).toMatch(/parse-csv-1.*disabled/);
    await page.screenshot({ path: join(ARTIFACTS, 'comforts-disabled-node.png') });
    await page.keyboard.press('Control+z');
    await eventually(() => flowNode('parse-csv-1').locator('.sn').getAttribute('class')).not.toMatch(/disabled/);

    // By keyboard: the sink focused, Shift+F10 opens its menu, arrows and Enter pick "Disable".
    await flowNode('bronze-sink-1').locator('.sn-head').click();
    await flowNode('bronze-sink-1').focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('context-menu').waitFor();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(/^Disable/);
    await page.keyboard.press('Enter');
    await eventually(() => flowNode('bronze-sink-1').locator('.sn').getAttribute('class')).toMatch(/disabled/);

    // A note on the pane, with text that would be markup if it were rendered as HTML.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.click(pane.x + pane.width - 300, pane.y + pane.height - 200, { button: 'right' });
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Add a sticky note here' }).click();
    const note = page.getByTestId('note-note-1');
    await note.locator('textarea').fill('<b>not bold</b> partner files');
    expect(await note.locator('b').count()).toBe(0);

    // Two nodes grouped from the menu of one of them.
    await flowNode('source-local-1').locator('.sn-head').click();
    await flowNode('decompress-1')
      .locator('.sn-head')
      .click({ modifiers: ['Control'] });
    await flowNode('decompress-1').locator('.sn-head').click({ button: 'right' });
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Group 2 nodes' }).click();
    await page.getByTestId('group-group-1').locator('input').fill('Intake');
    await save();
    await page.screenshot({ path: join(ARTIFACTS, 'comforts-note-group.png') });
    const doc = await saved(id);
    expect(doc.nodes['bronze-sink-1']!.disabled).toBe(true);
    expect(doc.nodes['parse-csv-1']!.disabled).toBeUndefined();
    expect(doc.annotations?.notes?.['note-1']?.text).toBe('<b>not bold</b> partner files');
    expect(doc.annotations?.groups?.['group-1']).toMatchObject({ label: 'Intake' });
  });

  it('copies nodes to the system clipboard as graph JSON, and pastes JSON back as new nodes; hostile text is refused or shown as text', async () => {
    await open(pipeline('Clipboard', 'clip'));
    await flowNode('parse-csv-1').locator('.sn-head').click();
    await flowNode('bronze-sink-1')
      .locator('.sn-head')
      .click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+c');
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied).toMatchObject({ format: 'sluice-graph', nodes: { 'parse-csv-1': { type: 'parse-csv' }, 'bronze-sink-1': { type: 'bronze-sink' } } });
    expect(copied.edges).toHaveLength(1);

    await clickPane();
    await page.keyboard.press('Control+v');
    await eventually(() => flowNode('parse-csv-2').count()).toBe(1);
    await eventually(() => page.locator('.react-flow__edge[data-id="parse-csv-2.table->bronze-sink-2.table"]').count()).toBe(1);

    // JSON edited in a text editor: a node named with markup pastes as a node whose name is text.
    const hostile = { ...copied, nodes: { 'parse-csv-1': { ...copied.nodes['parse-csv-1'], name: '<img src=x onerror="window.__pwned=1">' } }, edges: [] };
    await page.evaluate((t) => navigator.clipboard.writeText(t), JSON.stringify(hostile));
    await clickPane();
    await page.keyboard.press('Control+v');
    await eventually(() => flowNode('parse-csv-3').locator('.sn-title').textContent()).toBe('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    // Text that is not a graph: nothing pasted, and the user is told why.
    const before = await page.locator('.react-flow__node').count();
    await page.evaluate(() => navigator.clipboard.writeText('just some words'));
    await clickPane();
    await page.keyboard.press('Control+v');
    await eventually(() => page.getByTestId('notice').textContent()).toMatch(/Nothing was pasted.*not Sluice nodes/);
    expect(await page.locator('.react-flow__node').count()).toBe(before);
  });

  it('new nodes added from the palette land beside the others, never on them', async () => {
    await open({ ...emptyGraph('Placement') });
    for (let i = 0; i < 4; i++) await page.locator('.palette-item[data-type="checkpoint"]').dblclick();
    await eventually(() => page.locator('.react-flow__node').count()).toBe(4);
    const boxes = await Promise.all([1, 2, 3, 4].map(async (n) => (await flowNode(`checkpoint-${n}`).boundingBox())!));
    for (const a of boxes)
      for (const b of boxes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
  });
});
