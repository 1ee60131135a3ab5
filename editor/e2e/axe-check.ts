import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './e2e-env.ts';

// axe-core's own bundle, put into the page as a script: the same engine browser extensions and
// CI tools run, with no wrapper package between the test and it.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One rule broken by some elements, as the test reports it. */
export interface A11yViolation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core over the page as it stands (WCAG 2.x A and AA rules plus axe's best practices)
 * and returns its serious and critical violations. Every finding, minor ones too, is written to
 * `test-artifacts/editor/a11y-<screen>.json` for a reader to go through.
 */
export async function seriousA11yViolations(page: Page, screen: string): Promise<A11yViolation[]> {
  // Evaluated through the DevTools protocol, which the editor's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
    }));
  });
  writeFileSync(join(ARTIFACTS, `a11y-${screen}.json`), JSON.stringify(result, null, 2));
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
