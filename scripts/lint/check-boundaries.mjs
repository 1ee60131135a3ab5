// Import boundaries: the rules of .dependency-cruiser.cjs, then one rule dependency-cruiser cannot
// state, no cycle between workspace packages (its `circular` is per module, and a loop of packages
// can pass through different modules of each). Runs in the current folder (the repository root,
// or a test's fixture workspace). Prints `error <rule>: <from> → <to>` per violation; exit 1 if any.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.cwd();
const config = fileURLToPath(new URL('../../.dependency-cruiser.cjs', import.meta.url));
// The package's root from its main module (its exports do not include package.json).
const depcruiseMain = fileURLToPath(import.meta.resolve('dependency-cruiser'));
const depcruise = join(depcruiseMain.slice(0, depcruiseMain.lastIndexOf(`${sep}src${sep}`)), 'bin', 'dependency-cruiser.mjs');

/** The workspace folders that are cruised; a folder that does not exist (yet) is skipped. */
const FOLDERS = ['nodes', 'editor', 'runtime', 'engine', 'store', 'testing', 'bench', 'examples', 'differential'];

/** The package a repository path belongs to: nodes/<name>, examples/<name>, or the top folder. */
export function packageOf(path) {
  const m = /^(nodes\/[^/]+|examples\/[^/]+|editor|runtime|engine|store|testing|bench|differential)\//.exec(path);
  return m?.[1];
}

/** Every cycle of the package graph, each once, as [a, b, ..., a]. */
export function packageCycles(edges) {
  const next = new Map();
  for (const [from, to] of edges) {
    if (!next.has(from)) next.set(from, new Set());
    next.get(from).add(to);
  }
  // Tarjan's strongly connected components: a component of two or more packages is a loop.
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(shortestLoop(component.sort()[0], new Set(component), next));
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** A shortest path from start back to itself inside one component, for the message. */
function shortestLoop(start, members, next) {
  const from = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of [...(next.get(v) ?? [])].sort()) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = from.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** node_modules/.pnpm/drizzle-orm@0.45.4_…/node_modules/drizzle-orm/index.d.ts -> drizzle-orm */
const npmName = (path) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(path)?.[1] ?? path;

function main() {
  const folders = FOLDERS.filter((f) => existsSync(join(root, f)));
  const out = execFileSync(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...folders], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const result = JSON.parse(out);
  const lines = result.summary.violations.filter((v) => v.rule.severity === 'error').map((v) => `error ${v.rule.name}: ${v.from} → ${npmName(v.to)}`);

  const edges = new Map();
  for (const m of result.modules) {
    const from = packageOf(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = packageOf(d.resolved);
      if (to && to !== from && !edges.has(`${from} ${to}`)) edges.set(`${from} ${to}`, [from, to, m.source, d.resolved]);
    }
  }
  for (const loop of packageCycles([...edges.values()])) {
    const via = loop.slice(1).map((to, i) => edges.get(`${loop[i]} ${to}`));
    lines.push(`error no-package-cycle: ${loop.join(' → ')} (${via.map(([, , file, target]) => `${file} → ${target}`).join('; ')})`);
  }

  for (const line of lines) console.log(line);
  const counted = `${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} dependencies`;
  if (lines.length) {
    console.log(`boundaries: ${lines.length} violation(s) (${counted}); the rules and why: .dependency-cruiser.cjs`);
    process.exitCode = 1;
  } else console.log(`boundaries: ok (${counted})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
