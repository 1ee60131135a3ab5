import { expect } from 'vitest';
import type { Page } from './launch-browser.ts';

/**
 * Turns on the open graph's webhook in its Triggers tab as a user does: the path, the name of the
 * credential holding the secret and its value (stored write-only), then saves the graph and waits
 * for the URL the editor shows. Returns that URL.
 */
export async function setWebhookInEditor(page: Page, hook: { baseUrl: string; path: string; secretRef: string; secret: string }): Promise<string> {
  const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.getByTestId('tab-triggers').click();
  await page.getByTestId('trigger-webhook').locator('.trigger-head input').check();
  await page.locator('[data-field="webhook.path"] input').fill(hook.path);
  await page.locator('[data-field="webhook.secretRef"] input').fill(hook.secretRef);
  await page.locator(`#cred-${hook.secretRef}`).fill(hook.secret);
  await page.getByRole('button', { name: 'Store' }).click();
  await eventually(() => page.locator('.credential-form').textContent()).toMatch(/is stored/);
  await page.getByRole('button', { name: 'Save (Ctrl+S)' }).click();
  await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);
  const url = `${hook.baseUrl}/hooks/${hook.path}`;
  await eventually(() => page.getByTestId('webhook-url').textContent()).toBe(`POST ${url}`);
  return url;
}

/** Calls a webhook as the system at the other end does: a POST with its secret as a Bearer token. */
export function callWebhook(url: string, secret: string) {
  return fetch(url, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{}' });
}
