import type { EmitOptions, Landing, NodeContext, NodeInput, PortItem, RunScope } from '@sluice/sdk';
import type { FileLineage } from './file-lineage.ts';
import { runOnPluginThread } from './plugins/plugin-thread-pool.ts';
import type { OutputTap } from './output-tap.ts';
import type { RunLiveKeys } from './run-live-keys.ts';
import type { Delivery, RunNode } from './run-node.ts';
import type { RunTelemetry } from './run-telemetry.ts';
import type { RunGraphOptions } from './run-types.ts';

/** What a node's context reaches back into: the run's routing of emitted items. */
export interface ContextHost {
  emit(n: RunNode, port: string, item: PortItem, lineage: FileLineage | null, options?: EmitOptions, input?: NodeInput): Promise<void>;
}

/** How a preview run differs: nothing lands, and one node's output goes to its tap. */
export interface PreviewMode {
  tap: OutputTap;
}

/**
 * The one place a node's scope and context are built, for runs and previews alike: what `open`
 * and `close` get (the scope), what a source's `run` gets (its scope and emit starting files), and
 * what `run` gets per item (tied to the item's file: temp paths, skip, settle handlers, landings).
 */
export class RunContexts {
  constructor(
    private readonly opts: RunGraphOptions,
    private readonly signal: AbortSignal,
    private readonly telemetry: RunTelemetry,
    private readonly liveKeys: RunLiveKeys,
    private readonly host: ContextHost,
    private readonly preview?: PreviewMode,
  ) {}

  scope(n: RunNode): RunScope<unknown> {
    const keyFeed = this.liveKeys.feedOf(n.id);
    return {
      runId: this.opts.runId,
      graphId: this.opts.graphId,
      nodeId: n.id,
      params: this.opts.params ?? {},
      signal: this.signal,
      log: this.telemetry.logger(n.id),
      store: this.opts.store,
      secrets: this.opts.secrets,
      state: n.state,
      ...(this.opts.dirs ? { dirs: this.opts.dirs } : {}),
      ...(this.opts.access ? { access: this.opts.access } : {}),
      ...(this.opts.holds ? { holds: this.opts.holds } : {}),
      ...(keyFeed ? { keyFeed } : {}),
      ...(this.opts.plugins ? { plugins: this.opts.plugins } : {}),
      ...this.threadsOf(n),
      metrics: (m) => {
        n.stats.rowsIn += m.rowsIn ?? 0;
        n.stats.rowsOut += m.rowsOut ?? 0;
        n.stats.bytesIn += m.bytesIn ?? 0;
        n.stats.bytesOut += m.bytesOut ?? 0;
        this.telemetry.changed();
      },
      progress: (p) => {
        n.stats.progress = p;
        this.telemetry.changed();
      },
      warn: (message, file) => {
        n.stats.warnings++;
        this.telemetry.report('warning', { node: n.id, ...(file ? { file: file.uri } : {}), message });
      },
    };
  }

  /**
   * `runOnThread` for a node whose plugin has `threads` and was discovered from a module (a worker
   * imports that module); nothing for the others, whose code calls its functions itself.
   */
  private threadsOf(n: RunNode): Pick<RunScope, 'runOnThread'> {
    const module = n.plugin.threads && this.opts.pluginModule?.(n.plugin.type);
    if (!module) return {};
    const type = n.plugin.type;
    const runSignal = this.signal;
    return {
      runOnThread: <T>(name: string, payload: unknown, options?: { signal?: AbortSignal }) =>
        runOnPluginThread<T>({ type, module, name, payload }, options?.signal ? AbortSignal.any([runSignal, options.signal]) : runSignal),
    };
  }

  /**
   * The context of `n` for one input item (`d`), or outside of any file (a source's run) when `d` is
   * null. `landed` hears of each landing it makes (a batch takes back exactly its own should it fail).
   */
  context(n: RunNode, d: Delivery | null, landed?: (landing: Landing) => void): NodeContext<unknown> {
    const base = (n.context ??= this.sourceContext(n));
    if (!d) return { ...base };
    const { lineage } = d;
    const tap = this.preview?.tap.node === n.id ? this.preview.tap : undefined;
    // Every key is in the base already: V8 then copies the base as one block. Adding keys to a spread
    // object instead costs microseconds, per item of every node.
    return {
      ...base,
      log: this.telemetry.logger(n.id, lineage.origin.uri),
      warn: (message, file) => base.warn(message, file ?? lineage.origin),
      emit: (port, item) => this.host.emit(n, port, item, lineage, undefined, d),
      skip: (reason) => {
        lineage.skip ??= { node: n.id, reason };
        n.stats.filesSkipped++;
        this.telemetry.changed();
        tap?.skipped?.(reason);
      },
      tempPath: (name) => lineage.tempPath(name),
      onSettled: (handler) => void lineage.handlers.push(handler),
      land: (landing: Landing) => {
        if (this.preview) throw new Error(`node "${n.id}" (${n.plugin.type}) tried to land rows during a preview; previews write nothing`);
        lineage.landings.push(landing);
        landed?.(landing);
        n.stats.rowsOut += landing.rows;
        n.stats.bytesOut += landing.bytes;
        this.telemetry.changed();
      },
    };
  }

  /** The context of a node outside of any file (a source's run): its scope, and emit starting files. */
  private sourceContext(n: RunNode): NodeContext<unknown> {
    const outside = (what: string) => () => {
      throw new Error(`node "${n.id}" called ${what} outside of a file (a source has no current file)`);
    };
    return {
      ...this.scope(n),
      emit: (port, item, options) => this.host.emit(n, port, item, null, options),
      skip: outside('skip'),
      tempPath: outside('tempPath'),
      onSettled: outside('onSettled'),
      land: outside('land'),
    };
  }
}
