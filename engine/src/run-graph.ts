import { mkdir, rm } from 'node:fs/promises';
import type { AnyNodePlugin, EmitOptions, FileOutcome, KeyFeed, Landing, NodeContext, PortItem, RunScope, SourceFile } from '@sluice/sdk';
import { AsyncQueue } from './async-queue.ts';
import { gatedKeyFeed, keyFeedSource, OpenFiles } from './gated-key-feed.ts';
import { FileLineage } from './file-lineage.ts';
import { fileMessage, isAbort } from './file-messages.ts';
import { type GraphWiring, wireGraph } from './graph-wiring.ts';
import { IssueList } from './issue-list.ts';
import { emptyStats, snapshot } from './node-stats.ts';
import { logLevelFromEnv, runLogger } from './run-logger.ts';
import type { NodeStats, RunEvent, RunGraphOptions, RunIssue, RunSummary } from './run-types.ts';
import { settleFiles } from './settle-file.ts';

interface Delivery {
  port: string;
  item: PortItem;
  lineage: FileLineage;
}

interface RunNode {
  id: string;
  plugin: AnyNodePlugin;
  config: unknown;
  state: unknown;
  concurrency: number;
  queue: AsyncQueue<Delivery>;
  upstreamLeft: number;
  stats: NodeStats;
  /** The node's context outside of files, made once it is open (with its state): every item's context starts from it. */
  context?: NodeContext<unknown>;
}

const STATS_INTERVAL_MS = 250;
const MAX_SETTLE_BATCH = 256;

/**
 * Runs a planned graph as a streaming dataflow: each node has a bounded input queue and up to
 * `concurrency` items in work, so a file flows on as soon as it is listed and memory stays bounded by
 * queue sizes, not by file count. A failing file is recorded and the others go on.
 */
export async function runGraph(opts: RunGraphOptions): Promise<RunSummary> {
  return new GraphRun(opts).execute();
}

class GraphRun {
  private readonly controller = new AbortController();
  private readonly signal = this.controller.signal;
  private readonly wiring: GraphWiring;
  private readonly nodes = new Map<string, RunNode>();
  private readonly errors = new IssueList();
  private readonly warnings = new IssueList();
  private readonly settling = new Set<Promise<void>>();
  private readonly ready: FileLineage[] = [];
  private readonly files = { processed: 0, skipped: 0, failed: 0 };
  private readonly openFiles = new OpenFiles();
  /** The one source that takes the run's live keys, and its view of them. */
  private fed: { node: string; feed: KeyFeed } | undefined;
  private readonly logLevel = logLevelFromEnv(process.env.SLUICE_LOG_LEVEL);
  private rows = 0;
  private seq = 0;
  private dirty = true;
  private failedHard = false;
  private stopReason: string | undefined;

  constructor(private readonly opts: RunGraphOptions) {
    this.wiring = wireGraph(opts.doc);
    if (opts.signal) {
      if (opts.signal.aborted) this.controller.abort(opts.signal.reason);
      else opts.signal.addEventListener('abort', () => this.controller.abort(opts.signal!.reason), { once: true });
    }
    this.signal.addEventListener('abort', () => this.onAbort(), { once: true });
  }

  async execute(): Promise<RunSummary> {
    const startedAt = new Date().toISOString();
    await mkdir(this.opts.tempDir, { recursive: true });
    const ticker = setInterval(() => this.flushStats(), STATS_INTERVAL_MS);
    let opened: RunNode[] = [];
    try {
      this.prepareNodes();
      opened = await this.openNodes();
      if (opened.length === this.nodes.size) {
        await Promise.all([...this.nodes.values()].map((n) => this.runNode(n)));
      }
      while (this.settling.size || this.ready.length) {
        await Promise.all([...this.settling]);
        if (!this.settling.size && this.ready.length) await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      this.failedHard = true;
      this.report('error', { message: (err as Error).message });
    } finally {
      this.closeLiveKeys();
      clearInterval(ticker);
      await this.closeNodes(opened);
      await rm(this.opts.tempDir, { recursive: true, force: true }).catch(() => {});
      this.flushStats();
    }
    return {
      status: this.status(),
      startedAt,
      finishedAt: new Date().toISOString(),
      files: { ...this.files },
      rows: this.rows,
      nodes: this.statsSnapshot(),
      errors: this.errors.list(),
      warnings: this.warnings.list(),
    };
  }

  private status(): RunSummary['status'] {
    if (this.failedHard || this.files.failed > 0 || this.stopReason) return 'failed';
    if (this.signal.aborted) return 'cancelled';
    return 'succeeded';
  }

  private prepareNodes(): void {
    for (const [id, node] of Object.entries(this.opts.doc.nodes)) {
      const plugin = this.opts.plugin(node.type);
      if (!plugin) throw new Error(`node "${id}": unknown node type "${node.type}"`);
      let raw = node.config;
      if (node.typeVersion < plugin.version && plugin.upgradeConfig) raw = plugin.upgradeConfig(raw, node.typeVersion);
      const parsed = plugin.config.safeParse(raw);
      if (!parsed.success) {
        const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
        throw new Error(`node "${id}" (${node.type}) has an invalid config: ${why}`);
      }
      const c = plugin.concurrency;
      const concurrency = Math.max(1, Math.floor(typeof c === 'function' ? c(parsed.data) : (c ?? 1)));
      this.nodes.set(id, {
        id,
        plugin,
        config: parsed.data,
        state: undefined,
        concurrency,
        queue: new AsyncQueue<Delivery>(Math.max(2, concurrency * 2)),
        upstreamLeft: this.wiring.upstreamCount.get(id) ?? 0,
        stats: emptyStats(),
      });
    }
    const live = this.opts.liveKeys;
    const source = live && keyFeedSource(this.opts.doc, this.opts.plugin);
    if (live && source) this.fed = { node: source, feed: gatedKeyFeed(live, this.openFiles) };
    // Nobody would take them: intake must queue its keys for runs of their own.
    else this.closeLiveKeys();
  }

  /** Closes the live keys (when the fed source ends, or the run does); keys never taken fail the run. */
  private closeLiveKeys(): void {
    const left = this.opts.liveKeys?.close() ?? [];
    // A cancel or a stop ends the run as cancelled (a stop queues it again with every key); a stop at
    // the first failing file (stopOnError) fails it, and its untaken keys must say so, not pass for
    // keys that landed because every error is about another file.
    if (!left.length || (this.signal.aborted && !this.stopReason)) return;
    this.failedHard = true;
    const shown = left.slice(0, 5).join(', ') + (left.length > 5 ? ` and ${left.length - 5} more` : '');
    this.report('error', { ...(this.fed ? { node: this.fed.node } : {}), message: `${left.length} key(s) added while the run went were never taken by its source: ${shown}` });
  }

  private async openNodes(): Promise<RunNode[]> {
    const opened: RunNode[] = [];
    for (const n of this.nodes.values()) {
      try {
        n.state = n.plugin.open ? await n.plugin.open(n.config, this.scope(n) as RunScope<undefined>) : undefined;
        opened.push(n);
      } catch (err) {
        n.stats.state = 'failed';
        this.failedHard = true;
        this.report('error', { node: n.id, message: `node "${n.id}" could not start: ${(err as Error).message}` });
        break;
      }
    }
    return opened;
  }

  private async closeNodes(nodes: RunNode[]): Promise<void> {
    const status = this.status();
    for (const n of nodes) {
      if (!n.plugin.close) continue;
      try {
        await n.plugin.close(n.config, this.scope(n), status);
      } catch (err) {
        this.failedHard = true;
        this.report('error', { node: n.id, message: `node "${n.id}" could not finish: ${(err as Error).message}` });
      }
    }
  }

  private async runNode(n: RunNode): Promise<void> {
    n.stats.state = 'running';
    this.dirty = true;
    const hasInputs = Object.keys(n.plugin.inputs).length > 0;
    try {
      if (!hasInputs) {
        await n.plugin.run(n.config, null, this.context(n, null));
      } else {
        if (n.upstreamLeft === 0) n.queue.close();
        await Promise.all(Array.from({ length: n.concurrency }, () => this.work(n)));
      }
      n.stats.state = this.signal.aborted ? 'cancelled' : n.stats.filesFailed ? 'failed' : 'done';
    } catch (err) {
      if (isAbort(err, this.signal)) {
        n.stats.state = 'cancelled';
      } else {
        n.stats.state = 'failed';
        this.failedHard = true;
        this.report('error', { node: n.id, message: `node "${n.id}" failed: ${(err as Error).message}` });
      }
    } finally {
      if (n.id === this.fed?.node) this.closeLiveKeys();
      this.dirty = true;
      for (const d of this.wiring.downstream.get(n.id) ?? []) {
        const next = this.nodes.get(d)!;
        if (--next.upstreamLeft === 0) next.queue.close();
      }
    }
  }

  private async work(n: RunNode): Promise<void> {
    for (;;) {
      const d = await n.queue.take();
      if (!d) return;
      n.stats.queued = n.queue.size;
      if (this.signal.aborted) d.lineage.cancelled = true;
      if (d.lineage.failure || d.lineage.cancelled) {
        d.lineage.release();
        continue;
      }
      n.stats.filesIn++;
      if (d.item.kind === 'file' && d.item.size !== undefined) n.stats.bytesIn += d.item.size;
      this.dirty = true;
      try {
        await n.plugin.run(n.config, { port: d.port, item: d.item }, this.context(n, d.lineage));
      } catch (err) {
        this.fileFailed(n, d.lineage, err);
      } finally {
        d.lineage.release();
      }
    }
  }

  private fileFailed(n: RunNode, lineage: FileLineage, err: unknown): void {
    if (isAbort(err, this.signal)) {
      lineage.cancelled = true;
      return;
    }
    const message = fileMessage(lineage.origin, err);
    lineage.fail(n.id, message);
    n.stats.filesFailed++;
    n.stats.errors++;
    this.report('error', { node: n.id, file: lineage.origin.uri, message });
    this.log('error', n.id, lineage.origin.uri, message);
    if (this.opts.doc.settings?.stopOnError && !this.signal.aborted) {
      this.stopReason = message;
      // An error of the run, naming no file: files it had not reached (keys of its events among
      // them) must not pass for landed because every file error is about another file.
      this.report('error', { message: `the run stopped at the first failing file (stopOnError); files it had not reached were not landed` });
      this.controller.abort(new Error(`stopped at the first failing file (stopOnError): ${message}`));
    }
  }

  private async emit(n: RunNode, port: string, item: PortItem, lineage: FileLineage | null, options?: EmitOptions): Promise<void> {
    if (this.signal.aborted) throw this.signal.reason ?? new Error('run cancelled');
    const spec = n.plugin.outputs[port];
    if (!spec) throw new Error(`node "${n.id}" emitted on "${port}", which is not one of its output ports`);
    if (spec.kind !== (item.kind === 'file' ? 'files' : 'table')) {
      throw new Error(`node "${n.id}" emitted a ${item.kind} item on its "${spec.kind}" port "${port}"`);
    }
    const l = lineage ?? this.newLineage(item.origin);
    if (options?.onSettled) l.handlers.push(options.onSettled);
    n.stats.filesOut++;
    if (item.kind === 'file' && item.size !== undefined) n.stats.bytesOut += item.size;
    this.dirty = true;
    l.hold();
    try {
      for (const to of this.wiring.targets.get(n.id)?.get(port) ?? []) {
        const target = this.nodes.get(to.node)!;
        l.hold();
        try {
          await target.queue.push({ port: to.port, item, lineage: l });
          target.stats.queued = target.queue.size;
        } catch {
          l.cancelled = true;
          l.release();
        }
      }
    } finally {
      l.release();
    }
  }

  private newLineage(origin: SourceFile): FileLineage {
    this.openFiles.opened();
    return new FileLineage(++this.seq, origin, this.opts.tempDir, (l) => this.queueSettle(l));
  }

  /** Files that finish in the same turn of the event loop settle together (one disk sync). */
  private queueSettle(l: FileLineage): void {
    this.ready.push(l);
    if (this.ready.length === 1) setImmediate(() => this.settleReady());
  }

  private settleReady(): void {
    const batch = this.ready.splice(0, MAX_SETTLE_BATCH);
    if (this.ready.length) setImmediate(() => this.settleReady());
    const p = settleFiles(batch, this.opts.store, {
      warn: (message) => this.report('warning', { message }),
    }).then((outcomes) => outcomes.forEach((o, i) => this.settled(batch[i]!, o)));
    this.settling.add(p);
    void p.finally(() => this.settling.delete(p));
  }

  private settled(l: FileLineage, outcome: FileOutcome): void {
    this.openFiles.settled();
    if (outcome.status === 'failed' && l.failure?.node === 'commit') {
      this.report('error', { file: l.origin.uri, message: outcome.error ?? 'commit failed' });
    }
    const key = outcome.status as keyof typeof this.files;
    if (key in this.files) this.files[key]++;
    this.rows += outcome.rows;
    this.dirty = true;
    this.event({ type: 'file', node: l.origin.sourceNode, key: l.origin.key, uri: l.origin.uri, status: outcome.status, rows: outcome.rows, ...(outcome.error ? { error: outcome.error } : {}) });
  }

  private onAbort(): void {
    for (const n of this.nodes.values()) {
      for (const d of n.queue.drain()) {
        d.lineage.cancelled = true;
        d.lineage.release();
      }
      n.queue.close();
    }
  }

  private scope(n: RunNode): RunScope<unknown> {
    return {
      runId: this.opts.runId,
      graphId: this.opts.graphId,
      nodeId: n.id,
      params: this.opts.params ?? {},
      signal: this.signal,
      log: runLogger((line) => this.event({ type: 'log', line }), this.logLevel, n.id),
      store: this.opts.store,
      secrets: this.opts.secrets,
      state: n.state,
      ...(this.opts.dirs ? { dirs: this.opts.dirs } : {}),
      ...(this.opts.access ? { access: this.opts.access } : {}),
      ...(n.id === this.fed?.node ? { keyFeed: this.fed.feed } : {}),
      ...(this.opts.plugins ? { plugins: this.opts.plugins } : {}),
      metrics: (m) => {
        n.stats.rowsIn += m.rowsIn ?? 0;
        n.stats.rowsOut += m.rowsOut ?? 0;
        n.stats.bytesIn += m.bytesIn ?? 0;
        n.stats.bytesOut += m.bytesOut ?? 0;
        this.dirty = true;
      },
      progress: (p) => {
        n.stats.progress = p;
        this.dirty = true;
      },
      warn: (message, file) => {
        n.stats.warnings++;
        this.report('warning', { node: n.id, ...(file ? { file: file.uri } : {}), message });
      },
    };
  }

  private context(n: RunNode, lineage: FileLineage | null): NodeContext<unknown> {
    const base = (n.context ??= this.sourceContext(n));
    if (!lineage) return { ...base };
    // Every key is in the base already: V8 then copies the base as one block. Adding keys to a spread
    // object instead costs microseconds, per item of every node.
    return {
      ...base,
      log: runLogger((line) => this.event({ type: 'log', line }), this.logLevel, n.id, lineage.origin.uri),
      warn: (message, file) => base.warn(message, file ?? lineage.origin),
      emit: (port, item) => this.emit(n, port, item, lineage),
      skip: (reason) => {
        lineage.skip ??= { node: n.id, reason };
        n.stats.filesSkipped++;
        this.dirty = true;
      },
      tempPath: (name) => lineage.tempPath(name),
      onSettled: (handler) => void lineage.handlers.push(handler),
      land: (landing: Landing) => {
        lineage.landings.push(landing);
        n.stats.rowsOut += landing.rows;
        n.stats.bytesOut += landing.bytes;
        this.dirty = true;
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
      emit: (port, item, options) => this.emit(n, port, item, null, options),
      skip: outside('skip'),
      tempPath: outside('tempPath'),
      onSettled: outside('onSettled'),
      land: outside('land'),
    };
  }

  private report(kind: 'error' | 'warning', issue: Omit<RunIssue, 'at'>): void {
    const full = { at: new Date().toISOString(), ...issue };
    if ((kind === 'error' ? this.errors : this.warnings).add(full)) this.event({ type: kind, issue: full });
  }

  private log(level: 'info' | 'error', node: string, file: string, message: string): void {
    this.event({ type: 'log', line: { at: new Date().toISOString(), level, node, file, message } });
  }

  private flushStats(): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (const n of this.nodes.values()) n.stats.queued = n.queue.size;
    this.event({ type: 'stats', nodes: this.statsSnapshot() });
  }

  private statsSnapshot(): Record<string, NodeStats> {
    return snapshot([...this.nodes].map(([id, n]) => [id, n.stats]));
  }

  private event(e: RunEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch {
      // A listener's failure must not fail the run.
    }
  }
}
