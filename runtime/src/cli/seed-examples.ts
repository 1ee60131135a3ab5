import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblems } from '@sluice/sdk';
import { checkGraph } from '../graphs/check-graph.ts';
import type { PluginRegistry } from '@sluice/engine';
import type { Store } from '@sluice/store';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples', import.meta.url));

/**
 * Imports every `examples/<name>/graph.json` that the installed plugins can run, so that a fresh
 * runtime opens with the examples ready. Each keeps its folder as base, so its relative input
 * folder is the example's own. Returns the names imported; the others are reported with why.
 */
export async function seedExamples(store: Store, registry: PluginRegistry, log: (m: string) => void, dir = EXAMPLES_DIR): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const imported: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, 'graph.json');
    if (!existsSync(file)) continue;
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      log(`example ${file} skipped: not JSON (${(err as Error).message})`);
      continue;
    }
    const check = checkGraph(input, registry);
    if (!check.ok) {
      log(`example ${file} skipped: ${formatProblems(check.problems)}`);
      continue;
    }
    await store.graphs.create(check.doc, { baseDir: join(dir, name) });
    imported.push(check.doc.name);
  }
  return imported;
}
