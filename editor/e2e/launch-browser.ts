import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium with the flags that work on this machine (see shared/DEPENDENCIES.md). */
export const CHROMIUM_PATH = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `extraArgs`: more Chromium switches, e.g. `--host-resolver-rules` to make a name resolve to loopback. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...ARGS, ...extraArgs], headless: true });
}

/**
 * A page that records console errors and failed requests, so a test can assert the editor ran
 * without any. `expected` filters messages a test provokes on purpose (a refused import...).
 */
export async function openPage(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 950 }, acceptDownloads: true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  await page.goto(url);
  return { page, consoleErrors };
}

export type { Page };
