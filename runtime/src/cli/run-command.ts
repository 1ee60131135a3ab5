import { type Leadership, leadOrRefuse, soleLeadership } from '../cluster/leadership.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage, formatProblems } from '@sluice/sdk';
import { runAccessFromEnv } from '../access/run-access-from-env.ts';
import { lockDataDir } from '../data-dir-lock.ts';
import { closePluginThreads, runGraph } from '@sluice/engine';
import { checkGraph } from '../graphs/check-graph.ts';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import { executeRun } from '../runs/execute-run.ts';
import { connectStore, type Store } from '@sluice/store';
import { dataDirOf, pluginsDirOf, UsageError } from './cli-paths.ts';
import { EXAMPLES_DIR } from './seed-examples.ts';
import { summaryTable } from './summary-table.ts';

/**
 * The graph id of a graph file: the same file always maps to the same stored graph, so that its
 * checkpoints carry over from run to run ("running it again processes no file").
 */
export function fileGraphId(path: string): string {
  const slug =
    basename(path)
      .replace(/\.json$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'graph';
  return `file-${slug}-${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 8)}`;
}

/** `sluice run <graph.json>`: runs the graph in this process and prints a per-node summary; 1 on failure. */
export async function runCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, plugins: { type: 'string' }, params: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('sluice run takes one graph file: sluice run <graph.json>');
  const path = resolve(file);
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    console.error(`${file}: cannot read the graph: ${errorMessage(err)}`);
    return 1;
  }
  let params: Record<string, unknown> = {};
  if (values.params !== undefined) {
    try {
      params = JSON.parse(values.params);
    } catch (err) {
      throw new UsageError(`--params: not JSON: ${errorMessage(err)}`);
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw new UsageError('--params: must be a JSON object, e.g. {"keys": ["a.csv"]}');
  }

  const dataDir = dataDirOf(values.data, env);
  const plugins = pluginsDirOf(values.plugins, env, dataDir);
  const nodes = (input as { nodes?: unknown } | null)?.nodes;
  const types = nodes && typeof nodes === 'object' ? Object.values(nodes).map((n) => (n as { type?: unknown })?.type) : [];
  const registry = await installedPlugins({
    pluginsDir: plugins.explicit || existsSync(plugins.dir) ? plugins.dir : undefined,
    only: new Set(types.filter((t): t is string => typeof t === 'string')),
    warn: (m) => console.error(`warning: ${m}`),
  });
  const check = checkGraph(input, registry);
  if (!check.ok) {
    console.error(`${file}: the graph cannot run:`);
    for (const p of check.problems) console.error(`  ${formatProblems([p])}`);
    return 1;
  }

  mkdirSync(dataDir, { recursive: true });
  // The server's boundary, plus the graph file's own folder (input) and its relative Bronze folders
  // (under the data folder): `sluice run` is the machine's user running a graph file they chose, with
  // their own rights, so the folder they keep it in is theirs to read. The server never widens its
  // roots from a graph: there a graph is whatever a client stored. The protected paths (the data
  // folder's internals, plugins, the runtime's code) stay out either way.
  const access = await runAccessFromEnv(env, {
    dataDir,
    examplesDir: EXAMPLES_DIR,
    pluginsDir: plugins.dir,
    graphDir: dirname(path),
    graphDoc: check.doc,
    onNote: (m) => console.error(`note: ${m}`),
  });
  const lock = lockDataDir(dataDir);
  let store: Store;
  let leadership: Leadership = soleLeadership;
  try {
    store = await connectStore({ dataDir, env });
  } catch (err) {
    lock.release();
    throw err;
  }
  try {
    // A PostgreSQL store has no data folder to lock: a server using it (or another run) holds its lease.
    if (store.leases) leadership = await leadOrRefuse({ leases: store.leases, what: 'sluice run', waitMs: 0 });
  } catch (err) {
    await store.close();
    lock.release();
    throw err;
  }
  const controller = new AbortController();
  const onSignal = () => {
    console.error('interrupted: cancelling the run');
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onSignal);
  try {
    const graphId = fileGraphId(path);
    const existing = await store.graphs.get(graphId);
    const graph = existing
      ? await store.graphs.update(graphId, check.doc)
      : { ok: true as const, graph: await store.graphs.create(check.doc, { id: graphId, baseDir: dirname(path) }) };
    if (!graph.ok) throw new Error(`cannot store graph ${graphId}`);
    const { run } = await store.runs.enqueue({ graphId, trigger: { kind: 'cli', params } }, new Date(), { graphRevision: graph.graph.revision });
    console.log(`run ${run.id} of ${file} (data: ${dataDir})`);
    await executeRun(run, {
      store,
      registry,
      runGraph,
      access,
      signal: controller.signal,
      publish: (e) => {
        if (e.type === 'error') console.error(`error: ${e.issue.node ? `[${e.issue.node}] ` : ''}${e.issue.message}`);
        else if (e.type === 'warning') console.error(`warning: ${e.issue.node ? `[${e.issue.node}] ` : ''}${e.issue.message}`);
      },
      log: (m) => console.error(m),
    });
    const done = (await store.runs.get(run.id))!;
    const files = done.files ?? { processed: 0, skipped: 0, failed: 0 };
    const ms = done.finishedAt && done.startedAt ? done.finishedAt.getTime() - done.startedAt.getTime() : 0;
    console.log('');
    console.log(
      summaryTable(
        {
          status: done.status as 'succeeded',
          startedAt: '',
          finishedAt: '',
          files,
          rows: done.rows ?? 0,
          nodes: done.nodes ?? {},
          errors: done.errors,
          warnings: done.warnings,
        },
        check.doc,
        check.order,
      ),
    );
    console.log('');
    console.log(`${done.status} in ${ms} ms: ${files.processed} processed, ${files.skipped} skipped, ${files.failed} failed, ${done.rows ?? 0} rows landed`);
    if (done.status !== 'succeeded' && done.errors.length && !done.nodes) for (const e of done.errors) console.error(`error: ${e.message}`);
    return done.status === 'succeeded' && files.failed === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    // The run is over: its plugin threads end now, not after their idle timeout.
    await closePluginThreads();
    await leadership.stop();
    await store.close();
    lock.release();
  }
}
