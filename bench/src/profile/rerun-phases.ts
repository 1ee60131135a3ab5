import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AnyNodePlugin, GraphDocument } from '@sluice/sdk';
import { PluginRegistry } from '@sluice/engine';
import { checkGraph, installedPlugins } from '@sluice/runtime';
import { openStore } from '@sluice/store';
import { runGraph } from '@sluice/engine';
import { fileGraphId } from '../../../runtime/src/cli/run-command.ts';
import { executeRun } from '../../../runtime/src/runs/execute-run.ts';
import { runAccessFromEnv } from '../../../runtime/src/access/run-access-from-env.ts';
import { median } from '../stats.ts';

/**
 * `tsx bench/src/profile/rerun-phases.ts <graph.json> <data dir> [runs]`: runs a graph `runs` times
 * in one process, through the same path as `sluice run` (minus start-up), and prints where each run's
 * time goes: every node's open() and close(), when each node's first and last item started, and the
 * run as a whole. Meant for re-runs over checkpointed files (W3), where the per-run fixed costs and
 * the per-skipped-file costs are what is left.
 */
const [graphFile, dataDir, runsArg] = process.argv.slice(2);
if (!graphFile || !dataDir) throw new Error('usage: rerun-phases.ts <graph.json> <data dir> [runs]');
const runs = Number(runsArg ?? 5);
const path = resolve(graphFile);
const doc = JSON.parse(readFileSync(path, 'utf8')) as GraphDocument;
const installed = await installedPlugins({ only: new Set(Object.values(doc.nodes).map((n) => n.type)) });
const store = openStore({ dataDir });
const check = checkGraph(doc, installed);
if (!check.ok) throw new Error(`${graphFile}: the graph cannot run`);
// As `sluice run` decides it: the settings, the graph file's folder and its relative Bronze folders.
const access = await runAccessFromEnv(process.env, { dataDir, graphDir: dirname(path), graphDoc: check.doc });
const graphId = fileGraphId(path);
const graph = (await store.graphs.get(graphId))
  ? await store.graphs.update(graphId, check.doc)
  : { ok: true as const, graph: await store.graphs.create(check.doc, { id: graphId, baseDir: dirname(path) }) };
if (!graph.ok) throw new Error(`cannot store graph ${graphId}`);

type Marks = Map<string, number>;
/** The same plugins, with their open, close and run calls timed into `marks` (ms since the run began). */
function timed(plugin: AnyNodePlugin, marks: Marks, t0: () => number): AnyNodePlugin {
  const span = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const a = performance.now();
    try {
      return await f();
    } finally {
      marks.set(name, (marks.get(name) ?? 0) + performance.now() - a);
    }
  };
  return {
    ...plugin,
    ...(plugin.open ? { open: (c: never, s: never) => span(`${plugin.type} open`, () => plugin.open!(c, s)) } : {}),
    ...(plugin.close ? { close: (c: never, s: never, st: never) => span(`${plugin.type} close`, () => plugin.close!(c, s, st)) } : {}),
    run: (c: never, i: never, ctx: never) => {
      const at = t0();
      if (!marks.has(`${plugin.type} first item at`)) marks.set(`${plugin.type} first item at`, at);
      marks.set(`${plugin.type} last item at`, at);
      return plugin.run(c, i, ctx);
    },
  } as AnyNodePlugin;
}

const all = new Map<string, number[]>();
for (let r = 0; r < runs; r++) {
  const marks: Marks = new Map();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const t0 = () => performance.now() - start;
  const registry = new PluginRegistry([]).extend(Object.values(doc.nodes).map((n) => timed(installed.get(n.type)!, marks, t0)));
  const { run } = await store.runs.enqueue({ graphId, trigger: { kind: 'cli', params: {} } }, new Date(), { graphRevision: graph.graph.revision });
  const status = await executeRun(run, { store, registry, runGraph, access, signal: new AbortController().signal });
  marks.set('whole run (executeRun)', t0());
  const cpu = process.cpuUsage(cpu0);
  marks.set('CPU of the process during the run (user + system)', (cpu.user + cpu.system) / 1000);
  const done = (await store.runs.get(run.id))!;
  marks.set('run record (finished - started)', done.finishedAt!.getTime() - done.startedAt!.getTime());
  console.log(`run ${r + 1}: ${status}, ${JSON.stringify(done.files)}, ${t0().toFixed(0)} ms`);
  for (const [k, v] of marks) all.set(k, [...(all.get(k) ?? []), v]);
}
console.log(`medians of ${runs} runs (ms):`);
for (const [k, v] of all) console.log(`  ${median(v).toFixed(1).padStart(8)}  ${k}`);
await store.close();
