import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AnyNodePlugin, NodeContext, NodeInput, NodeStore, PortItem, RunAccess, RunDirs, RunScope, SecretResolver } from '@sluice/sdk';

/** Thrown into a source's emit (and its signal aborted) once a listing has its `limit` items. */
const LIMIT_REACHED = new Error('the listing has reached its limit');

export interface CaptureOptions {
  nodeId: string;
  graphId: string;
  store: NodeStore;
  secrets: SecretResolver;
  params?: Record<string, unknown>;
  /** Parent of the private temporary folder of this call. */
  tempRoot: string;
  dirs?: RunDirs;
  /** The runtime's boundary, as a run gets it: a source reads only inside its input roots. */
  access?: RunAccess;
  signal?: AbortSignal;
  /**
   * A listing rather than a fetch: keep at most `limit` items, and stop the run at the next emit
   * (`truncated`). The plugin is closed as 'cancelled' whatever happened, because nothing was
   * processed: a source must not move its watermark past files that were only listed.
   */
  limit?: number;
}

export interface Captured {
  items: { port: string; item: PortItem }[];
  warnings: string[];
  skipped?: string;
  /** With `limit`: the source had more to emit than the limit. */
  truncated?: boolean;
  /** Removes the temporary folder; items that point into it are unusable afterwards. */
  dispose(): Promise<void>;
}

/**
 * Calls one node's `run` once, outside any graph, and keeps what it emits: how previews run a
 * source (to fetch one file) and a parse node (to get its table) through the plugins' own code.
 * Nothing is committed: a node that tries to land rows is refused.
 */
export async function captureRun(plugin: AnyNodePlugin, config: unknown, input: NodeInput | null, opts: CaptureOptions): Promise<Captured> {
  const dir = join(opts.tempRoot, `preview-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  const captured: Captured = { items: [], warnings: [], dispose: () => rm(dir, { recursive: true, force: true }) };
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(opts.signal?.reason), { once: true });
  const log = {
    debug: () => {},
    info: () => {},
    warn: (m: string) => captured.warnings.push(m),
    error: (m: string) => captured.warnings.push(m),
  };
  const scope: RunScope<undefined> = {
    runId: 'preview',
    graphId: opts.graphId,
    nodeId: opts.nodeId,
    params: opts.params ?? {},
    signal: controller.signal,
    log,
    store: opts.store,
    secrets: opts.secrets,
    state: undefined,
    metrics: () => {},
    progress: () => {},
    warn: (m) => captured.warnings.push(m),
    ...(opts.dirs ? { dirs: opts.dirs } : {}),
    ...(opts.access ? { access: opts.access } : {}),
  };
  let tempCount = 0;
  try {
    const state = plugin.open ? await plugin.open(config, scope) : undefined;
    const ctx: NodeContext = {
      ...scope,
      state,
      emit: async (port, item) => {
        if (opts.limit !== undefined && captured.items.length >= opts.limit) {
          captured.truncated = true;
          controller.abort(LIMIT_REACHED);
          throw LIMIT_REACHED;
        }
        captured.items.push({ port, item });
      },
      skip: (reason) => {
        captured.skipped = reason;
      },
      tempPath: async (name) => join(dir, `${++tempCount}-${name.replace(/[\\/]/g, '_')}`),
      onSettled: () => {},
      land: () => {
        throw new Error(`node "${opts.nodeId}" (${plugin.type}) tried to land rows during a preview; previews write nothing`);
      },
    };
    let status: 'succeeded' | 'failed' = 'failed';
    try {
      try {
        await plugin.run(config, input, ctx);
      } catch (err) {
        if (!captured.truncated) throw err;
      }
      status = 'succeeded';
    } finally {
      await plugin.close?.(config, { ...scope, state }, opts.limit === undefined ? status : 'cancelled');
    }
    return captured;
  } catch (err) {
    await captured.dispose();
    throw err;
  }
}
