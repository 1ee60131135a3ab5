// `pnpm lint`: every rule the build enforces, each run even when an earlier one failed, so one run
// lists every violation. 1. Biome: lint and format check (biome.json). 2. Import boundaries
// (.dependency-cruiser.cjs and package cycles). 3. No built-in node type named under runtime/src.
// 4. Types: tsc over the workspace and over the editor (vitest and Vite strip types without checking).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const biome = fileURLToPath(import.meta.resolve('@biomejs/biome/bin/biome'));
const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

const steps = [
  ['biome check (lint + format)', [biome, 'check', '--error-on-warnings', '--max-diagnostics=none', '.']],
  ['import boundaries', [here('./check-boundaries.mjs')]],
  ['built-in node types under runtime/src', [here('./no-builtin-type-names.mjs')]],
  // The projects of the workspace being checked (the current folder), where it has them.
  ...['tsconfig.json', 'editor/tsconfig.json']
    .filter((project) => existsSync(project))
    .map((project) => [`types (tsc -p ${project})`, [tsc, '-p', project, '--noEmit']]),
];

const failed = [];
for (const [name, args] of steps) {
  console.log(`\n── lint: ${name}`);
  const { status, error } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (error || status !== 0) failed.push(name);
}
console.log(failed.length ? `\nlint: FAILED: ${failed.join('; ')}` : '\nlint: ok');
process.exitCode = failed.length ? 1 : 0;
