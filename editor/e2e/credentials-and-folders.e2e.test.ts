import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGraph, type GraphDocument } from '@sluice/sdk/graph';
import { canvasDriver } from './canvas-driver.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import type { Page } from './launch-browser.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Issue 16: the credentials screen (added, rotated and deleted in Settings, values never shown
 * again, picked by name in node forms) and the allowed roots (listed beside a folder field, a
 * picker inside them, a folder outside flagged while it is typed, naming the setting).
 */
describe('credentials and allowed folders in the editor, in Chromium', () => {
  let env: E2eEnv;
  let page: Page;
  let graphId: string;
  let landing: string;
  const MARK = 'e2e-secret-value-Qx81';

  beforeAll(async () => {
    env = await startE2eEnv('creds-folders');
    landing = realpathSync(env.landingDir);
    mkdirSync(join(landing, 'partner', '2026'), { recursive: true });
    const types = (await (await env.api('/api/node-types')).json()) as { type: string; version: number }[] | { items: { type: string; version: number }[] };
    const list = Array.isArray(types) ? types : types.items;
    const version = (type: string) => list.find((t) => t.type === type)?.version ?? 1;
    const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: version(type), position: { x, y: 0 }, config });
    const doc: GraphDocument = {
      ...emptyGraph('Partner inputs'),
      nodes: {
        'source-local-1': node('source-local', 0, { folder: landing }),
        'source-s3-1': node('source-s3', 320, { bucket: 'partner-bucket', accessKeyId: 'partner_key', secretAccessKey: 'partner_key' }),
        'parse-csv-1': node('parse-csv', 640, {}),
        'bronze-sink-1': node('bronze-sink', 960, { table: 'sales' }),
      },
      edges: [
        { from: { node: 'source-local-1', port: 'files' }, to: { node: 'parse-csv-1', port: 'files' } },
        { from: { node: 'parse-csv-1', port: 'table' }, to: { node: 'bronze-sink-1', port: 'table' } },
      ],
    };
    const res = await env.api('/api/graphs', { method: 'POST', body: JSON.stringify({ name: doc.name, document: doc }) });
    const body = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    graphId = body.id;
    ({ page } = await env.openSignedIn(`/#/graphs/${encodeURIComponent(graphId)}`));
    page.on('dialog', (d) => void d.accept().catch(() => {}));
  });

  afterAll(async () => {
    await env?.close();
  });

  const storedCredentials = async () => JSON.stringify(await (await env.api('/api/credentials')).json());
  const row = (name: string) => page.locator(`[data-testid="credentials-section"] tr[data-credential="${name}"]`);

  it('adds, rotates and deletes a credential in Settings without ever showing its value', async () => {
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe('Partner inputs');
    await page.getByTestId('open-settings').click();
    const section = page.getByTestId('credentials-section');
    await section.waitFor();
    await page.getByTestId('new-credential-name').fill('9 lives');
    await page.getByTestId('new-credential-value').fill(MARK);
    await page.getByTestId('create-credential').click();
    await eventually(() => section.textContent()).toContain('A credential name starts with a letter or "_"');

    await page.getByTestId('new-credential-name').fill('partner_key');
    await page.getByTestId('create-credential').click();
    await row('partner_key').waitFor();
    await eventually(() => page.getByTestId('settings').textContent()).toContain('The credential “partner_key” is stored. Its value is not shown again.');
    expect(await page.getByTestId('new-credential-value').inputValue()).toBe('');
    expect(await storedCredentials()).toContain('partner_key');

    await row('partner_key').getByTestId('rotate-credential').click();
    await row('partner_key').getByTestId('rotate-credential-value').fill(`${MARK}-2`);
    await row('partner_key').getByTestId('rotate-credential-save').click();
    await eventually(() => page.getByTestId('settings').textContent()).toContain('The new value of “partner_key” is stored.');

    await page.getByTestId('new-credential-name').fill('old_key');
    await page.getByTestId('new-credential-value').fill(MARK);
    await page.getByTestId('create-credential').click();
    await row('old_key').waitFor();
    await row('old_key').getByTestId('delete-credential').click();
    await eventually(() => row('old_key').count()).toBe(0);
    expect(await storedCredentials()).not.toContain('old_key');

    await page.screenshot({ path: join(ARTIFACTS, 'settings-credentials.png') });
    // The value is in no input, no text and no answer the page can read.
    expect(await page.content()).not.toContain(MARK);
    expect(await storedCredentials()).not.toContain(MARK);
    await page.getByTestId('close-settings').click();
  });

  it("offers the credentials in a node's form and says when a named one is missing", async () => {
    const canvas = canvasDriver(page);
    await canvas.select('source-s3-1');
    const field = canvas.field('accessKeyId');
    await field.waitFor();
    await eventually(() => field.locator('datalist option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['partner_key']);
    expect(await field.textContent()).not.toContain('No credential');
    await canvas.fill('accessKeyId', 'missing_key');
    await eventually(() => field.textContent()).toContain(
      "No credential “missing_key” exists in this runtime: runs fail until an admin adds it (Settings, Credentials) or the runtime's environment sets SLUICE_CREDENTIAL_MISSING_KEY.",
    );
    // An admin goes from the message to the Settings screen, where the credential is added.
    await field.getByTestId('add-credential-field-accessKeyId').click();
    await page.getByTestId('credentials-section').waitFor();
    await page.getByTestId('close-settings').click();
  });

  it("lists a local source's allowed folders, browses inside them and flags a folder outside while it is typed", async () => {
    const canvas = canvasDriver(page);
    await canvas.select('source-local-1');
    const field = canvas.field('folder');
    await eventually(() => field.getByTestId('folder-roots-field-folder').textContent()).toContain(`SLUICE_ALLOWED_ROOTS`);
    expect(await field.getByTestId('folder-roots-field-folder').textContent()).toContain(landing);
    const check = field.getByTestId('folder-check-field-folder');
    await eventually(() => check.textContent()).toBe(`${landing} (an allowed folder)`);

    await canvas.fill('folder', '/etc');
    await eventually(() => check.getAttribute('data-tone')).toBe('error');
    const flagged = await check.textContent();
    // The node says it on the canvas too, before any run.
    await eventually(() => canvas.node('source-local-1').locator('.sn-problems').textContent()).toContain(
      'Folder: outside the folders this runtime may read (SLUICE_ALLOWED_ROOTS)',
    );
    expect(flagged).toContain('"/etc" is outside the folders this runtime may read (SLUICE_ALLOWED_ROOTS');
    expect(flagged).toContain(`SLUICE_ALLOWED_ROOTS=${landing}:/etc`);

    await field.getByTestId('browse-field-folder').click();
    const picker = field.getByTestId('folder-picker');
    await picker.locator(`[data-folder="${landing}"]`).click();
    await picker.locator('[data-folder="partner"]').click();
    await picker.locator('[data-folder="2026"]').click();
    await eventually(() => picker.getByTestId('folder-at').textContent()).toBe(join(landing, 'partner', '2026'));
    await page.screenshot({ path: join(ARTIFACTS, 'folder-picker.png') });
    await picker.getByTestId('folder-use').click();
    expect(await field.locator('input').first().inputValue()).toBe(join(landing, 'partner', '2026'));
    await eventually(() => check.textContent()).toBe(`${join(landing, 'partner', '2026')}, inside the allowed folder ${landing}`);
    await eventually(() => canvas.node('source-local-1').locator('.sn-problems').count()).toBe(0);
  });

  it('checks a Bronze root against the output roots, naming SLUICE_OUTPUT_ROOTS', async () => {
    const canvas = canvasDriver(page);
    await canvas.select('bronze-sink-1');
    const field = canvas.field('root');
    await eventually(() => field.getByTestId('folder-roots-field-root').textContent()).toContain('SLUICE_OUTPUT_ROOTS');
    // Unset, the root is checked at its default, where a run would write.
    const check = field.getByTestId('folder-check-field-root');
    await eventually(() => check.textContent()).toBe(`${join(realpathSync(env.dataDir), 'bronze')} (an allowed folder)`);
    await canvas.fill('root', '/etc/bronze');
    await eventually(() => check.textContent()).toContain('"/etc/bronze" is outside the folders this runtime may write (SLUICE_OUTPUT_ROOTS');
    await canvas.fill('root', 's3://partner-bucket/bronze');
    await eventually(() => check.count()).toBe(0);
  });
});
