import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldDefaults, parseGraphDocument, sameValue, serializeGraph, type GraphDocument, type NodeTypeInfo } from '@sluice/sdk/graph';
import { canvasDriver, WIRE } from './canvas-driver.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { keyboardDriver } from './keyboard-driver.ts';
import type { Page } from './launch-browser.ts';
import { REPO_ROOT } from './start-runtime.ts';
import { callWebhook, setWebhookInEditor } from './webhook-trigger.ts';

// Polls wait long: the suite shares two cores with everything else.
const eventually = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });

/** The seed's partner-CSV example: its graph (written by hand) and its data. */
const EXAMPLE = join(REPO_ROOT, 'examples', 'partner-sales-incremental');
const example = JSON.parse(readFileSync(join(EXAMPLE, 'graph.json'), 'utf8')) as GraphDocument;
const expected = JSON.parse(readFileSync(join(EXAMPLE, 'expected.json'), 'utf8')) as {
  firstRun: { processed: number };
  tables: { partner_sales: { rows: number; columns: string[] } };
};
const INPUT_FILES = readdirSync(join(EXAMPLE, 'input')).sort();
const LATE_FILE = 'sales_2026-11-07.csv';

/** Every row of the example's files as the partner wrote it (Windows-1252, semicolons), by invoice number. */
function partnerRows(files: string[]): Map<string, Record<string, string>> {
  const rows = new Map<string, Record<string, string>>();
  for (const path of files) {
    const [head, ...lines] = new TextDecoder('windows-1252').decode(readFileSync(path)).split(/\r?\n/).filter(Boolean);
    const names = head!.split(';');
    for (const line of lines) {
      const cells = line.split(';');
      rows.set(cells[0]!, Object.fromEntries(names.map((n, i) => [n, cells[i]!])));
    }
  }
  return rows;
}

/**
 * Issue 16, "Must show": the seed's partner-CSV pipeline (source-local -> checkpoint -> parse-csv ->
 * bronze-sink, examples/partner-sales-incremental) built from an empty canvas with the mouse and the
 * keyboard, saved as a draft while unfinished, fixed, run; a run started by its webhook watched on the
 * canvas; the rows it landed read back; the graph exported and imported again. Screenshots at 1440
 * and 1024 px, light and dark, in test-artifacts/editor/partner-*.png. The steps run in order on one page.
 */
describe('the partner-CSV scenario, from an empty canvas to a re-imported graph (Chromium, real runtime)', () => {
  let env: E2eEnv;
  let page: Page;
  let consoleErrors: string[];
  let partnerDir = '';
  let graphId = '';
  let defaults: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    env = await startE2eEnv('partner');
    partnerDir = join(env.landingDir, 'partner');
    mkdirSync(partnerDir);
    for (const f of INPUT_FILES) copyFileSync(join(EXAMPLE, 'input', f), join(partnerDir, f));
    // Each type's default values as its schema declares them (the runtime's node-type list).
    const types = (await (await env.api('/api/node-types')).json()) as { items: NodeTypeInfo[] };
    defaults = Object.fromEntries(types.items.map((t) => [t.type, fieldDefaults(t)]));
    ({ page, consoleErrors } = await env.openSignedIn());
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  afterAll(async () => {
    await env?.close();
  });

  const d = () => canvasDriver(page);
  const kb = () => keyboardDriver(page);
  const notice = () => page.getByTestId('notice').textContent();
  const clickPane = () => page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  // Each wire is drawn twice: itself, and a copy above the nodes (wire-overlay) that takes no pointer.
  const edges = () => page.locator(WIRE).count();

  /** The page as it is, at 1440 and 1024 px wide, in the light and the dark theme (the system's, which the editor follows). */
  async function screenshots(step: string) {
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: width === 1440 ? 900 : 768 });
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        await eventually(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: join(ARTIFACTS, `partner-${step}-${width}-${theme}.png`) });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  it('builds the pipeline on an empty canvas by mouse and keyboard and saves it unfinished as a draft, its problems shown', { timeout: 300_000 }, async () => {
    await page.getByTestId('new-graph').click();
    await page.locator('.canvas-empty').waitFor();
    await page.getByTestId('graph-name').fill('Partner sales');
    await page.keyboard.press('Escape');
    await screenshots('01-empty');

    // The source and the checkpoint dragged from the palette with the mouse, wired handle to handle.
    await d().dragFromPalette('source-local', { x: 140, y: 160 });
    await d().node('source-local-1').waitFor();
    await d().dragFromPalette('checkpoint', { x: 440, y: 160 });
    await d().node('checkpoint-1').waitFor();
    await d().wire({ node: 'source-local-1', port: 'files' }, { node: 'checkpoint-1', port: 'files' });
    await eventually(edges).toBe(1);
    // The parser and the sink added from the palette with the keyboard (Enter on the entry).
    for (const type of ['parse-csv', 'bronze-sink']) {
      await kb().tabTo(`.palette-item[data-type="${type}"]`);
      await page.keyboard.press('Enter');
      await d().node(`${type}-1`).waitFor();
    }
    await page.keyboard.press('l'); // auto layout
    expect(await page.locator('.react-flow__node').count()).toBe(4);

    // The source's settings, as in the example: its folder, the day files, incremental with a two-day lookback.
    await d().select('source-local-1');
    await d().fill('folder', partnerDir);
    await d().fill('patterns.0', 'sales_*.csv');
    await page.locator('[id="field-mode"]').selectOption('incremental');
    await d().fill('lookbackSeconds', '172800');
    await eventually(() => d().field('folder').locator('.field-error').count()).toBe(0);

    // The checkpoint wired to the parser from the keyboard ("Connect an output to").
    await kb().tabTo('.react-flow__node[data-id="checkpoint-1"]');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('[data-testid="inspector"] .inspector-head p').textContent()).toMatch(/^checkpoint-1 /);
    await kb().choose('[data-testid="connect-to-select"]', /\(parse-csv-1\)/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await eventually(edges).toBe(2);

    // The parser by keyboard: semicolons, Windows-1252.
    await kb().tabTo('.react-flow__node[data-id="parse-csv-1"]');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('[data-testid="inspector"] .inspector-head p').textContent()).toMatch(/^parse-csv-1 /);
    await kb().typeInto('[id="field-delimiter"]', ';');
    await kb().choose('[id="field-encoding"]', /windows-1252/);

    // Unfinished: the sink has no input wired and no table. Ctrl+S saves it all the same, as a draft.
    await clickPane();
    await page.keyboard.press('Control+s');
    await eventually(notice).toMatch(/Saved “Partner sales” as a draft: it cannot run until its 2 problems are fixed/);
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);
    graphId = decodeURIComponent(new URL(page.url()).hash.replace('#/graphs/', ''));
    const stored = (await (await env.api(`/api/graphs/${encodeURIComponent(graphId)}`)).json()) as { document: GraphDocument; problems: unknown[] };
    expect(Object.keys(stored.document.nodes).sort()).toEqual(['bronze-sink-1', 'checkpoint-1', 'parse-csv-1', 'source-local-1']);
    expect(stored.document.edges).toHaveLength(2);
    expect(stored.problems).toHaveLength(2);
    // The problems, in a list and on the node.
    const problems = page.getByTestId('problem-list');
    await eventually(async () => (await problems.locator('li').allTextContents()).sort()).toEqual([
      expect.stringMatching(/^Bronze tableinput "table" is not connected/),
      expect.stringMatching(/^Bronze tabletable: /),
    ]);
    await eventually(() => d().node('bronze-sink-1').locator('.sn-problems').textContent()).toMatch(/table/);
    await eventually(() => page.locator('.graph-list li.active .draft-badge').count()).toBe(1);
    await screenshots('02-draft-problems');

    // A draft is not run; the refusal names the node and what is missing.
    await page.getByTestId('run').click();
    await eventually(notice).toMatch(/The run was refused: .*draft.*bronze-sink-1/);
  });

  it('fixes the draft, runs it, and shows the rows it landed, read back from Bronze', { timeout: 300_000 }, async () => {
    // The last wire from the parser's form, the table in the sink's form; saved, nothing left to fix.
    await d().select('parse-csv-1');
    await kb().choose('[data-testid="connect-to-select"]', /\(bronze-sink-1\)/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await eventually(edges).toBe(3);
    await d().select('bronze-sink-1');
    await d().fill('table', 'partner_sales');
    await clickPane();
    await page.keyboard.press('l'); // laid out again, now that the chain is whole
    await page.keyboard.press('Control+s');
    await eventually(notice).toMatch(/^Saved “Partner sales”/);
    expect(await notice()).not.toMatch(/draft/);
    await eventually(() => page.getByTestId('problem-list').count()).toBe(0);
    await eventually(() => page.locator('.graph-list li.active .draft-badge').count()).toBe(0);
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);

    // Run: the figures come in on the canvas, and the run lands what the example expects.
    await page.getByTestId('run').click();
    const rows = expected.tables.partner_sales.rows;
    await eventually(() => d().node('bronze-sink-1').locator('.sn-rows').textContent(), 120_000).toBe(`${rows} rows`);
    await eventually(() => page.getByTestId('topbar-run-status').textContent(), 120_000).toBe('succeeded');
    expect(await page.getByTestId('run-rows').textContent()).toBe(String(rows));

    // What landed: the rows, the six day files they came from, the first rows read back from the table,
    // each as the partner wrote it (semicolons split, Windows-1252 text transcoded, decimal commas kept).
    await eventually(() => page.getByTestId('landed-rows-bronze-sink-1').textContent(), 60_000).toBe(String(rows));
    expect((await page.getByTestId('landed-files-bronze-sink-1').locator('li .mono').allTextContents()).sort()).toEqual(INPUT_FILES);
    const sample = page.getByTestId('landed-sample-bronze-sink-1');
    const names = await sample.locator('thead th').evaluateAll((ths) => ths.map((th) => th.firstChild?.textContent ?? ''));
    expect(names).toEqual(expect.arrayContaining([...expected.tables.partner_sales.columns, '_source_file']));
    const partner = partnerRows(INPUT_FILES.map((f) => join(EXAMPLE, 'input', f)));
    const shown = await sample.locator('tbody tr').all();
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) {
      const cells = await row.locator('td').allTextContents();
      const want = partner.get(cells[names.indexOf('invoice_no')]!);
      expect(want, `row ${cells.join(' | ')} is not in the partner's files`).toBeDefined();
      for (const column of expected.tables.partner_sales.columns) expect(cells[names.indexOf(column)], column).toBe(want![column]);
    }
    await page.getByTestId('landed').scrollIntoViewIfNeeded();
    await screenshots('03-run-landed');
  });

  it('starts a run through the webhook and shows it live on the canvas: only the new day lands', { timeout: 300_000 }, async () => {
    // A webhook trigger, its secret stored write-only.
    const url = await setWebhookInEditor(page, { baseUrl: env.runtime.url, path: 'partner/sales', secretRef: 'partner_hook', secret: 'partner-hook-secret' });
    await page.getByTestId('tab-runs').click();
    await expect.poll(() => page.getByTestId('follow-latest-run').isChecked()).toBe(true);

    // The next day's file arrives; the partner's system calls the webhook. The page is not reloaded:
    // a mark set on it now must still be there when the run shows.
    copyFileSync(join(EXAMPLE, 'arriving', LATE_FILE), join(partnerDir, LATE_FILE));
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const hook = await callWebhook(url, 'partner-hook-secret');
    const { runId } = (await hook.json()) as { runId: string };
    expect(hook.status).toBe(202);
    await eventually(() => page.getByTestId('run-id').textContent(), 60_000).toBe(runId);
    await eventually(() => page.getByTestId('run-trigger').textContent()).toBe('webhook');
    const newRows = partnerRows([join(EXAMPLE, 'arriving', LATE_FILE)]).size;
    await eventually(() => d().node('bronze-sink-1').locator('.sn-rows').textContent(), 120_000).toBe(`${newRows} rows`);
    await eventually(() => page.getByTestId('topbar-run-status').textContent(), 120_000).toBe('succeeded');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The checkpoint let only the new day through; the earlier six were skipped unread.
    await eventually(() => page.getByTestId('landed-rows-bronze-sink-1').textContent(), 60_000).toBe(String(newRows));
    expect(await page.getByTestId('landed-files-bronze-sink-1').locator('li .mono').allTextContents()).toEqual([LATE_FILE]);
    await eventually(() => page.locator('[data-testid="run-history"] .trigger-tag').allTextContents()).toEqual(['webhook']);
    await screenshots('04-webhook-run');
  });

  it('exports the graph with only non-default values, like the hand-written example, and imports it back as a copy', { timeout: 300_000 }, async () => {
    await clickPane();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const file = join(ARTIFACTS, 'partner-sales.sluice.json');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    const parsed = parseGraphDocument(JSON.parse(text));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const doc = parsed.value;
    expect(serializeGraph(doc)).toBe(text);
    expect(await (await env.api(`/api/graphs/${encodeURIComponent(graphId)}/export`)).text()).toBe(text);

    // Node by node, the example's config less its default values (its sink spells out the default root),
    // with this test's folder: the editor-built graph diffs like the hand-written one.
    const byType = (g: GraphDocument) => Object.fromEntries(Object.entries(g.nodes).map(([id, n]) => [n.type, { id, n }]));
    const mine = byType(doc);
    const theirs = byType(example);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
    for (const [type, { n }] of Object.entries(theirs)) {
      const lean = Object.fromEntries(Object.entries(n.config).filter(([k, v]) => !(k in defaults[type]! && sameValue(v, defaults[type]![k]))));
      if (type === 'source-local') lean.folder = partnerDir;
      expect(mine[type]!.n.config, type).toEqual(lean);
    }
    const wiring = (g: GraphDocument) => {
      const typeOf = (id: string) => g.nodes[id]!.type;
      return g.edges.map((e) => `${typeOf(e.from.node)}.${e.from.port} -> ${typeOf(e.to.node)}.${e.to.port}`).sort();
    };
    expect(wiring(doc)).toEqual(wiring(example));

    // Brought back: the name is taken, so the editor asks; replace and copy are offered; copy adds "Partner sales (2)".
    await page.getByTestId('import-input').setInputFiles(file);
    const dialog = page.getByTestId('import-choice');
    await eventually(() => dialog.isVisible()).toBe(true);
    expect(await page.getByTestId('import-replace').isVisible()).toBe(true);
    expect(await page.getByTestId('import-copy').textContent()).toMatch(/Partner sales \(2\)/);
    await screenshots('05-import-choice');
    await page.getByTestId('import-copy').click();
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe('Partner sales (2)');
    await eventually(async () =>
      (await page.locator('.graph-list li .graph-link').allTextContents()).filter((n) => /^Partner sales( \(\d+\))?$/.test(n)).sort(),
    ).toEqual(['Partner sales', 'Partner sales (2)']);
    await eventually(edges).toBe(3);
    expect(await page.locator('.react-flow__node').count()).toBe(4);
    const copyId = decodeURIComponent(new URL(page.url()).hash.replace('#/graphs/', ''));
    expect(copyId).not.toBe(graphId);
    // The copy is the same graph: its export is the original's, but for the name.
    const copyExport = await (await env.api(`/api/graphs/${encodeURIComponent(copyId)}/export`)).text();
    expect(copyExport).toBe(serializeGraph({ ...doc, name: 'Partner sales (2)' }));
    await screenshots('06-imported-copy');

    expect(consoleErrors.filter((m) => !/Failed to load resource: the server responded with a status of (422|401)/.test(m))).toEqual([]);
  });
});
