import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ALLOWED_ROOTS_ENV, isInside, OUTPUT_ROOTS_ENV, realPathOf, type RunAccess } from '@sluice/sdk';
import { AccessSettingError } from '@sluice/sdk';
import { ALLOWED_ENDPOINTS_ENV, allowedEndpoints } from '@sluice/sdk';
import { graphLocalRoots } from './graph-local-roots.ts';
import { codeFolders, type ProtectedPaths, refusalOf } from './protected-paths.ts';

/** Where part 4 lets the credentials key live outside the data folder: protected like it. */
const KEY_FILE_ENV = 'SLUICE_CREDENTIALS_KEY_FILE';

/** The data folder's landing area: an input and an output root by default, where uploads go. */
export const LANDING_DIR = 'landing';
/** The data folder's Bronze folder: the default output root (the sink's default `root`). */
export const BRONZE_DIR = 'bronze';

export interface AccessOptions {
  /** The runtime's data folder. */
  dataDir: string;
  /** The shipped examples: their graphs' input and Bronze folders are default roots. */
  examplesDir?: string;
  /** The plugins folder: never a root (it holds code). */
  pluginsDir?: string;
  /**
   * `sluice run <graph.json>` only: the graph file's folder, an input root too, and the graph, whose
   * relative Bronze folders become output roots. Never given by the server (see `localRunAccess`).
   */
  graphDir?: string;
  graphDoc?: unknown;
  /** Relative entries of the variables resolve against it; default the working directory. */
  cwd?: string;
  /** Told when a root of the graph run is left out (it holds or lies in a protected path). */
  onNote?(message: string): void;
}

/**
 * The trust boundary of every run, preview, listing and upload, read once from the environment at
 * start-up (RunAccess, nodes/sdk):
 *
 * - inputs: `SLUICE_ALLOWED_ROOTS` (':'-separated, relative entries against the working directory),
 *   else `<data>/landing` and the shipped examples' input folders;
 * - outputs: `SLUICE_OUTPUT_ROOTS`, else `<data>/bronze`, `<data>/landing` (so that uploads, which
 *   need a folder both read and written, have a landing area) and the examples' Bronze folders;
 * - endpoints: `SLUICE_ALLOWED_ENDPOINTS` (','-separated origins).
 *
 * A listed variable replaces its defaults. A listed root that holds or lies in the data folder's
 * internals, the plugins folder, the credentials key or the runtime's code is refused with an
 * error naming the variable (see protected-paths.ts); nothing starts half-configured. Roots are
 * returned as real paths (symbolic links resolved), and the default folders are created.
 */
export async function runAccessFromEnv(env: Readonly<Record<string, string | undefined>>, o: AccessOptions): Promise<RunAccess> {
  const cwd = o.cwd ?? process.cwd();
  const real = (p: string) => realPathOf(resolve(cwd, p));
  const dataDir = await real(o.dataDir);
  const code = codeFolders();
  const guard: ProtectedPaths = {
    dataDir,
    ...(o.pluginsDir ? { pluginsDir: await real(o.pluginsDir) } : {}),
    ...(env[KEY_FILE_ENV] ? { keyFile: await real(env[KEY_FILE_ENV]) } : {}),
    ...(code.runtimeDir ? { runtimeDir: await real(code.runtimeDir) } : {}),
    ...(code.workspaceDir ? { workspaceDir: await real(code.workspaceDir) } : {}),
  };
  const landing = join(dataDir, LANDING_DIR);
  const examples = o.examplesDir ? exampleRoots(o.examplesDir, dataDir) : { inputs: [], outputs: [] };

  const inputs = (await listedRoots(env, ALLOWED_ROOTS_ENV, real, guard)) ?? (await defaultRoots([landing], examples.inputs, real, guard));
  const outputs =
    (await listedRoots(env, OUTPUT_ROOTS_ENV, real, guard)) ?? (await defaultRoots([join(dataDir, BRONZE_DIR), landing], examples.outputs, real, guard));

  if (o.graphDir) {
    const graph = graphLocalRoots(o.graphDoc, { graphDir: o.graphDir, dataDir });
    const candidates = [[o.graphDir, inputs, 'input'] as const, ...graph.outputs.map((r) => [r, outputs, 'output'] as const)];
    for (const [root, list, what] of candidates) {
      const path = await real(root);
      const why = refusalOf(path, guard);
      if (!why) {
        if (!list.includes(path)) list.push(path);
        continue;
      }
      // Said only when it matters: a folder of the graph that no root holds (an example's inputs are roots anyway).
      const needed = what === 'input' ? graph.inputs : [root];
      const uncovered = (await Promise.all(needed.map(real))).some((p) => !list.some((r) => isInside(p, r)));
      if (uncovered) o.onNote?.(`the graph's ${what} folder ${path} is not a root of this run: ${why}`);
    }
  }
  return { inputRoots: inputs, outputRoots: outputs, allowedEndpoints: allowedEndpoints(env[ALLOWED_ENDPOINTS_ENV]) };
}

/** A variable's roots, each checked (the whole start is refused for one bad entry); undefined when unset. */
async function listedRoots(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  real: (p: string) => Promise<string>,
  guard: ProtectedPaths,
): Promise<string[] | undefined> {
  const entries = env[name]
    ?.split(':')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries?.length) return undefined;
  const out: string[] = [];
  for (const entry of entries) {
    const path = await real(entry);
    const why = refusalOf(path, guard);
    if (why)
      throw new AccessSettingError(
        name,
        `"${entry}" (${path}) cannot be a root: ${why}. List narrower folders, e.g. a landing folder outside the data folder and the code`,
      );
    if (!out.includes(path)) out.push(path);
  }
  return out;
}

/** The built-in roots (created), then the examples' folders that pass the same check (others are left out). */
async function defaultRoots(made: string[], examples: string[], real: (p: string) => Promise<string>, guard: ProtectedPaths): Promise<string[]> {
  const out: string[] = [];
  for (const dir of made) {
    await mkdir(dir, { recursive: true });
    out.push(await real(dir));
  }
  for (const dir of examples) {
    const path = await real(dir);
    if (!refusalOf(path, guard) && !out.includes(path)) out.push(path);
  }
  return out;
}

/** The input and Bronze folders of every `examples/<name>/graph.json`. */
function exampleRoots(examplesDir: string, dataDir: string): { inputs: string[]; outputs: string[] } {
  const inputs: string[] = [];
  const outputs: string[] = [];
  if (!existsSync(examplesDir)) return { inputs, outputs };
  for (const name of readdirSync(examplesDir).sort()) {
    const file = join(examplesDir, name, 'graph.json');
    if (!existsSync(file)) continue;
    try {
      const roots = graphLocalRoots(JSON.parse(readFileSync(file, 'utf8')), { graphDir: join(examplesDir, name), dataDir });
      inputs.push(...roots.inputs);
      outputs.push(...roots.outputs);
    } catch {
      // An example that is not JSON opens nothing; seedExamples reports it.
    }
  }
  return { inputs, outputs };
}
