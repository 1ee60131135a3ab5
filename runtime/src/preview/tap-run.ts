import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AnyNodePlugin, GraphDocument, NodeStore, PluginCatalog, RunAccess, RunDirs, SecretResolver } from '@sluice/sdk';
import { type OutputTap, type PluginModuleRef, previewGraph, type RunSummary } from '@sluice/engine';

/** Everything a run that writes nothing needs besides its graph and its tap. */
export interface TapRunDeps {
  /** The installed plugins by facet, as a run's nodes get them. */
  plugins: PluginCatalog;
  /** Where each type's module was loaded from (`registry.moduleOf`), so that nodes get `runOnThread` as in a run. */
  pluginModule?(type: string): PluginModuleRef | undefined;
  store: NodeStore;
  secrets: SecretResolver;
  /** Parent of the run's private temporary folder (removed at its end). */
  tempRoot: string;
  params?: Record<string, unknown>;
  dirs?: RunDirs;
  /** The runtime's boundary, as a run gets it: a source reads only inside its input roots. */
  access?: RunAccess;
  signal?: AbortSignal;
}

export interface TapRun {
  summary: RunSummary;
  /** The run's warnings and the warn-level lines its nodes logged, in order. */
  warnings: string[];
  /** The tapped node's own error, as thrown (its open or run failed). */
  failure?: { error: unknown };
}

/**
 * Runs `doc` through the executor as a preview (the store refuses every write, nodes close as
 * cancelled, so no watermark moves) with `tap` taking what its node emits. Previews and source
 * listings run this way: the same context, the same open, run and close as a run.
 */
export async function tapRun(doc: GraphDocument, plugin: (type: string) => AnyNodePlugin | undefined, tap: OutputTap, deps: TapRunDeps): Promise<TapRun> {
  const warnings: string[] = [];
  let failure: TapRun['failure'];
  const summary = await previewGraph({
    runId: 'preview',
    graphId: deps.store.graphId,
    doc,
    plugin,
    plugins: deps.plugins,
    ...(deps.pluginModule ? { pluginModule: deps.pluginModule } : {}),
    store: deps.store,
    secrets: deps.secrets,
    params: deps.params ?? {},
    tempDir: join(deps.tempRoot, `preview-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.dirs ? { dirs: deps.dirs } : {}),
    ...(deps.access ? { access: deps.access } : {}),
    onEvent: (e) => {
      if (e.type === 'warning') warnings.push(e.issue.message);
      else if (e.type === 'log' && e.line.level === 'warn') warnings.push(e.line.message);
    },
    tap: {
      ...tap,
      failed: (error) => {
        failure ??= { error };
        tap.failed?.(error);
      },
    },
  });
  return { summary, warnings, ...(failure ? { failure } : {}) };
}
