import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ALLOWED_ENDPOINTS_ENV,
  type AnyNodePlugin,
  allowedEndpoints,
  formatProblems,
  type GraphDocument,
  planGraph,
  type RunAccess,
  type SharedHolds,
} from '@sluice/sdk';
import { runGraph } from '../src/run-graph.ts';
import type { RunEvent, RunSummary } from '../src/run-types.ts';
import { discoverPlugins } from '../src/plugins/discover-plugins.ts';
import type { PluginRegistry } from '../src/plugins/plugin-registry.ts';
import { secretResolver } from '@sluice/store';
import { openTestStoreAt } from '@sluice/store/testing/store';

export interface TestRunOptions {
  /** Reuse a data folder to run again over the same checkpoints and Bronze manifest. */
  dataDir?: string;
  graphId?: string;
  params?: Record<string, unknown>;
  /** Plugins beyond the installed ones (a plugin package's own, before it is installed). */
  plugins?: AnyNodePlugin[];
  signal?: AbortSignal;
  /** The folder relative input paths resolve against (a graph file's folder); default: the data folder. */
  graphDir?: string;
  /**
   * What the run may read and write. Default: the graph folder and the data folder as input roots,
   * the data folder as output root, and SLUICE_ALLOWED_ENDPOINTS's endpoints. A test of a boundary
   * passes its roots, as the runtime would from its settings.
   */
  access?: Partial<RunAccess>;
  /** Holds shared with other processes, as a runtime on a PostgreSQL store gives them (SharedHolds). */
  holds?: SharedHolds;
  /** The run's id (default: a new one): the same id again stands for another part of one run (a batch on another worker). */
  runId?: string;
}

export interface TestRun {
  summary: RunSummary;
  events: RunEvent[];
  dataDir: string;
}

/** The engine package's folder: plugins from a plugins folder share its copy of @sluice/sdk. */
const ENGINE_DIR = fileURLToPath(new URL('..', import.meta.url));
/**
 * The workspace's built-in node packages, found by folder rather than as dependencies: the node
 * packages use this harness in their tests, so depending on them would make a loop.
 */
const NODES_DIR = fileURLToPath(new URL('../../nodes', import.meta.url));

function builtinDirs(): string[] {
  return readdirSync(NODES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(NODES_DIR, e.name, 'package.json')))
    .map((e) => join(NODES_DIR, e.name))
    .sort();
}

let installed: Promise<PluginRegistry> | undefined;

/** The installed plugins as the test harness discovers them (once per process). */
export function installedTestPlugins(): Promise<PluginRegistry> {
  installed ??= discoverPlugins({ hostDir: ENGINE_DIR, builtinDirs: builtinDirs() });
  return installed;
}

/**
 * Runs a graph the way the runtime does (discovered plugins, planned graph, real SQLite store, the
 * real executor), for tests of plugins and examples. The graph must plan cleanly: a planning problem
 * throws with every problem listed, so a broken test graph cannot pass by landing nothing.
 */
export async function runTestGraph(doc: GraphDocument, options: TestRunOptions = {}): Promise<TestRun> {
  const installedRegistry = await installedTestPlugins();
  const registry = options.plugins?.length ? installedRegistry.extend(options.plugins, { name: 'test plugins' }) : installedRegistry;
  const plugin = (type: string) => registry.get(type);
  const plan = planGraph(doc, (type) => registry.plannable(type));
  if (plan.problems.length) throw new Error(`test graph "${doc.name}" does not plan: ${formatProblems(plan.problems)}`);

  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sluice-test-'));
  const store = await openTestStoreAt(dataDir);
  const runId = options.runId ?? `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const events: RunEvent[] = [];
  try {
    const summary = await runGraph({
      runId,
      graphId: options.graphId ?? 'test-graph',
      doc,
      plugin,
      plugins: registry,
      pluginModule: (type) => registry.moduleOf(type),
      store: store.nodeStore(options.graphId ?? 'test-graph'),
      secrets: secretResolver(store.credentials),
      params: options.params,
      signal: options.signal,
      tempDir: join(dataDir, 'tmp', runId),
      dirs: { data: dataDir, graph: options.graphDir ?? dataDir },
      access: {
        inputRoots: options.access?.inputRoots ?? [...new Set([options.graphDir ?? dataDir, dataDir])],
        outputRoots: options.access?.outputRoots ?? [dataDir],
        // As the runtime reads it at start: the test S3 server lists itself there (startS3Server).
        allowedEndpoints: options.access?.allowedEndpoints ?? allowedEndpoints(process.env[ALLOWED_ENDPOINTS_ENV]),
      },
      ...(options.holds ? { holds: options.holds } : {}),
      onEvent: (e) => events.push(e),
    });
    return { summary, events, dataDir };
  } finally {
    await store.close();
  }
}
