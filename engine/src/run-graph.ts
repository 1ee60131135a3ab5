import { mkdir, rm } from 'node:fs/promises';
import {
  activeGraph,
  errorMessage,
  fileGoneIn,
  type EmitOptions,
  type FileOutcome,
  type Landing,
  type NodeInput,
  type PortItem,
  type RunScope,
  type SourceFile,
} from '@sluice/sdk';
import { AsyncQueue } from './async-queue.ts';
import { originNode, producedBy } from './error-origin.ts';
import { OpenFiles } from './gated-key-feed.ts';
import { FileLineage } from './file-lineage.ts';
import { fileMessage, isAbort } from './file-messages.ts';
import { type GraphWiring, wireGraph } from './graph-wiring.ts';
import { nodeEndState } from './node-end-state.ts';
import { emptyStats, snapshot } from './node-stats.ts';
import { prepareNode } from './prepare-node.ts';
import { RunContexts, type PreviewMode } from './run-context.ts';
import { RunLiveKeys } from './run-live-keys.ts';
import type { Delivery, RunNode } from './run-node.ts';
import { RunTelemetry } from './run-telemetry.ts';
import type { NodeState, NodeStats, RunGraphOptions, RunSummary } from './run-types.ts';
import { settleFiles } from './settle-file.ts';
import { gatherBatch } from './gather-batch.ts';
import { LandingGroupGate } from './landing-group-gate.ts';

const MAX_SETTLE_BATCH = 256;

/**
 * Runs a planned graph as a streaming dataflow: each node has a bounded input queue and up to
 * `concurrency` items in work, so a file flows on as soon as it is listed and memory stays bounded by
 * queue sizes, not by file count. A failing file is recorded and the others go on.
 */
export async function runGraph(opts: RunGraphOptions): Promise<RunSummary> {
  return new GraphRun(opts).execute();
}

/** The run as a whole: its nodes' lifecycle, the routing of items between them, and the settling of files. */
export class GraphRun {
  private readonly controller = new AbortController();
  private readonly signal = this.controller.signal;
  private readonly wiring: GraphWiring;
  private readonly nodes = new Map<string, RunNode>();
  private readonly telemetry: RunTelemetry;
  private readonly liveKeys: RunLiveKeys;
  private readonly contexts: RunContexts;
  private readonly settling = new Set<Promise<void>>();
  /** Files ready to settle, in units that must settle together (files sharing a part). */
  private readonly ready: FileLineage[][] = [];
  private readonly gate = new LandingGroupGate();
  private readonly files = { processed: 0, skipped: 0, failed: 0 };
  private readonly openFiles = new OpenFiles();
  private rows = 0;
  private seq = 0;
  private failedHard = false;
  private stopReason: string | undefined;

  private readonly opts: RunGraphOptions;

  constructor(
    opts: RunGraphOptions,
    private readonly preview?: PreviewMode,
  ) {
    // Disabled nodes and their wires are left out here, so no caller can run one by mistake.
    this.opts = { ...opts, doc: activeGraph(opts.doc) };
    opts = this.opts;
    this.wiring = wireGraph(opts.doc);
    this.telemetry = new RunTelemetry(opts.onEvent, () => this.statsSnapshot(true));
    this.liveKeys = new RunLiveKeys(opts.liveKeys);
    this.contexts = new RunContexts(opts, this.signal, this.telemetry, this.liveKeys, this, preview);
    if (opts.signal) {
      if (opts.signal.aborted) this.controller.abort(opts.signal.reason);
      else opts.signal.addEventListener('abort', () => this.controller.abort(opts.signal!.reason), { once: true });
    }
    this.signal.addEventListener('abort', () => this.onAbort(), { once: true });
  }

  async execute(): Promise<RunSummary> {
    const startedAt = new Date().toISOString();
    await mkdir(this.opts.tempDir, { recursive: true });
    this.telemetry.start();
    let opened: RunNode[] = [];
    try {
      this.prepareNodes();
      // Nobody would take them: intake must queue its keys for runs of their own.
      if (!this.liveKeys.feedSource(this.opts.doc, this.opts.plugin, this.openFiles)) await this.closeLiveKeys();
      opened = await this.openNodes();
      if (opened.length === this.nodes.size) {
        await Promise.all([...this.nodes.values()].map((n) => this.runNode(n)));
      }
      while (this.settling.size || this.ready.length) {
        await Promise.all([...this.settling]);
        if (!this.settling.size && this.ready.length) await new Promise((r) => setImmediate(r));
        // Every node is done: files still waiting for partners that never came settle now (and fail).
        if (!this.settling.size && !this.ready.length) for (const unit of this.gate.release()) this.pushReady(unit);
      }
    } catch (err) {
      this.failedHard = true;
      this.telemetry.report('error', { message: (err as Error).message });
    } finally {
      await this.closeLiveKeys();
      this.telemetry.stop();
      await this.closeNodes(opened);
      await rm(this.opts.tempDir, { recursive: true, force: true }).catch(() => {});
      this.telemetry.flush();
    }
    return {
      status: this.status(),
      startedAt,
      finishedAt: new Date().toISOString(),
      files: { ...this.files },
      rows: this.rows,
      nodes: this.statsSnapshot(),
      errors: this.telemetry.errors.list(),
      warnings: this.telemetry.warnings.list(),
    };
  }

  private status(): RunSummary['status'] {
    if (this.failedHard || this.files.failed > 0 || this.stopReason) return 'failed';
    if (this.signal.aborted) return 'cancelled';
    return 'succeeded';
  }

  private prepareNodes(): void {
    for (const [id, node] of Object.entries(this.opts.doc.nodes)) {
      const { plugin, config, concurrency } = prepareNode(id, node, this.opts.plugin);
      this.nodes.set(id, {
        id,
        plugin,
        config,
        state: undefined,
        concurrency,
        // A batching node's queue holds a whole batch, so its upstream does not wait while it gathers one.
        queue: new AsyncQueue<Delivery>(Math.max(2, concurrency * 2, plugin.batches?.limits(config).maxItems ?? 0)),
        upstreamLeft: this.wiring.upstreamCount.get(id) ?? 0,
        stats: emptyStats(),
        failedElsewhere: 0,
      });
    }
  }

  /** Closes the live keys (when the fed source ends, or the run does); keys never taken fail the run. */
  private async closeLiveKeys(): Promise<void> {
    const untaken = await this.liveKeys.close({ aborted: this.signal.aborted, stopped: this.stopReason !== undefined });
    if (!untaken) return;
    this.failedHard = true;
    this.telemetry.report('error', untaken);
  }

  private async openNodes(): Promise<RunNode[]> {
    const opened: RunNode[] = [];
    for (const n of this.nodes.values()) {
      try {
        n.state = n.plugin.open ? await n.plugin.open(n.config, this.contexts.scope(n) as RunScope<undefined>) : undefined;
        opened.push(n);
      } catch (err) {
        n.stats.state = 'failed';
        this.failedHard = true;
        this.tapFailed(n, err);
        this.telemetry.report('error', { node: n.id, message: `node "${n.id}" could not start: ${(err as Error).message}` });
        break;
      }
    }
    return opened;
  }

  private async closeNodes(nodes: RunNode[]): Promise<void> {
    // A preview processed nothing: no node may record progress (a source its watermark) past files it only looked at.
    const status = this.preview ? 'cancelled' : this.status();
    for (const n of nodes) {
      if (!n.plugin.close) continue;
      try {
        await n.plugin.close(n.config, this.contexts.scope(n), status);
      } catch (err) {
        this.failedHard = true;
        this.telemetry.report('error', { node: n.id, message: `node "${n.id}" could not finish: ${(err as Error).message}` });
      }
    }
  }

  private async runNode(n: RunNode): Promise<void> {
    n.stats.state = 'running';
    this.telemetry.changed();
    const hasInputs = Object.keys(n.plugin.inputs).length > 0;
    try {
      if (!hasInputs) {
        await n.plugin.run(n.config, null, this.contexts.context(n, null));
      } else {
        if (n.upstreamLeft === 0) n.queue.close();
        await Promise.all(Array.from({ length: n.concurrency }, () => (n.plugin.batches && !this.preview ? this.workBatches(n) : this.work(n))));
      }
      n.stats.state = this.signal.aborted ? 'cancelled' : this.endState(n);
    } catch (err) {
      if (isAbort(err, this.signal)) {
        n.stats.state = 'cancelled';
      } else {
        n.stats.state = 'failed';
        this.failedHard = true;
        this.tapFailed(n, err);
        this.telemetry.report('error', { node: n.id, message: `node "${n.id}" failed: ${(err as Error).message}` });
      }
    } finally {
      if (this.liveKeys.isFed(n.id)) await this.closeLiveKeys();
      this.telemetry.changed();
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
      if (this.admit(n, d)) await this.runOne(n, d);
    }
  }

  /** Whether an item taken off the queue is worked on; one whose file already failed or was cancelled is let go. */
  private admit(n: RunNode, d: Delivery): boolean {
    n.stats.queued = n.queue.size;
    if (this.signal.aborted) d.lineage.cancelled = true;
    if (d.lineage.failure || d.lineage.cancelled || d.lineage.gone) {
      d.lineage.release();
      return false;
    }
    n.stats.filesIn++;
    if (d.item.kind === 'file' && d.item.size !== undefined) n.stats.bytesIn += d.item.size;
    this.telemetry.changed();
    return true;
  }

  private async runOne(n: RunNode, d: Delivery): Promise<void> {
    try {
      await n.plugin.run(n.config, { port: d.port, item: d.item }, this.contexts.context(n, d));
    } catch (err) {
      this.fileFailed(n, d.lineage, err);
    } finally {
      d.lineage.release();
    }
  }

  /** A node with the `batches` facet: items are taken off its queue in batches (gather-batch.ts). */
  private async workBatches(n: RunNode): Promise<void> {
    const limits = n.plugin.batches!.limits(n.config);
    let carry: Delivery | undefined;
    for (;;) {
      const next = await gatherBatch(n.queue, limits, carry);
      carry = next.carry;
      if (!next.batch.length) return;
      await this.runBatch(
        n,
        next.batch.filter((d) => this.admit(n, d)),
      );
    }
  }

  /**
   * Runs a batch all or nothing: should it fail, the landings it made are aborted and it is split
   * in halves, down to single items through `run`, where the file at fault fails alone with its own
   * message (a bad file among many good ones costs a few more reads, not the batch).
   */
  private async runBatch(n: RunNode, batch: Delivery[]): Promise<void> {
    if (batch.length <= 1) {
      if (batch[0]) await this.runOne(n, batch[0]);
      return;
    }
    // The landings this batch made: a file's other items may be landing in other batches meanwhile.
    const made: { lineage: FileLineage; landing: Landing }[] = [];
    try {
      const items = batch.map((d) => ({
        input: { port: d.port, item: d.item },
        ctx: this.contexts.context(n, d, (landing) => made.push({ lineage: d.lineage, landing })),
      }));
      await n.plugin.batches!.run(n.config, items, this.contexts.scope(n));
    } catch (err) {
      await this.dropLandings(n, made);
      if (isAbort(err, this.signal)) {
        for (const d of batch) {
          d.lineage.cancelled = true;
          d.lineage.release();
        }
        return;
      }
      this.telemetry.logger(n.id).info(`a batch of ${batch.length} files failed (${errorMessage(err)}); it is split to find the file at fault`);
      const half = batch.length >> 1;
      await this.runBatch(n, batch.slice(0, half));
      await this.runBatch(n, batch.slice(half));
      return;
    }
    for (const d of batch) d.lineage.release();
  }

  /** Takes back the landings a failed batch made, and removes what they wrote (each shared write once). */
  private async dropLandings(n: RunNode, made: { lineage: FileLineage; landing: Landing }[]): Promise<void> {
    const dropped = made.map(({ lineage, landing }) => {
      const at = lineage.landings.indexOf(landing);
      if (at >= 0) lineage.landings.splice(at, 1);
      return landing;
    });
    for (const l of dropped) {
      n.stats.rowsOut -= l.rows;
      n.stats.bytesOut -= l.bytes;
    }
    const groups = new Set(dropped.flatMap((l) => (l.group ? [l.group] : [])));
    await Promise.all([...dropped.filter((l) => !l.group).map((l) => l.abort().catch(() => {})), ...[...groups].map((g) => g.abort().catch(() => {}))]);
  }

  private fileFailed(n: RunNode, lineage: FileLineage, err: unknown): void {
    if (isAbort(err, this.signal)) {
      lineage.cancelled = true;
      return;
    }
    // An error out of bytes an earlier node made (a truncated gzip read by the parser) is that node's.
    const at = this.nodes.get(originNode(err) ?? '') ?? n;
    const gone = fileGoneIn(err);
    if (gone) {
      this.leftOut(at, lineage, `${lineage.origin.uri} left out: ${gone.reason}`);
      return;
    }
    this.tapFailed(n, err);
    const message = fileMessage(lineage.origin, err);
    if (at !== n) {
      n.failedElsewhere++;
      // It may have ended already: it emitted the bytes lazily, and they broke when read.
      if (at.stats.state === 'done' || at.stats.state === 'skipped') at.stats.state = 'failed';
    }
    lineage.fail(at.id, message);
    at.stats.filesFailed++;
    at.stats.errors++;
    this.telemetry.report('error', { node: at.id, file: lineage.origin.uri, message });
    this.telemetry.log('error', at.id, lineage.origin.uri, message);
    if (this.opts.doc.settings?.stopOnError && !this.signal.aborted) {
      this.stopReason = message;
      // An error of the run, naming no file: files it had not reached (keys of its events among
      // them) must not pass for landed because every file error is about another file.
      this.telemetry.report('error', { message: `the run stopped at the first failing file (stopOnError); files it had not reached were not landed` });
      this.controller.abort(new Error(`stopped at the first failing file (stopOnError): ${message}`));
    }
  }

  /**
   * The version a trigger named was not there to read (FileGone): as a key that does not exist, the
   * file is left out with a warning giving the reason, and the run goes on. Not a failure: nothing
   * of it lands and nothing is recorded; a newer event (or a listing) brings the version that is.
   */
  private leftOut(at: RunNode, lineage: FileLineage, message: string): void {
    if (lineage.gone) return;
    lineage.gone = { node: at.id, reason: message };
    at.stats.filesSkipped++;
    at.stats.warnings++;
    this.telemetry.report('warning', { node: at.id, file: lineage.origin.uri, message });
  }

  /** A node's state once its inputs are done (nodes feeding it ended before its queue closed). */
  private endState(n: RunNode): NodeState {
    const upstream = [...(this.wiring.upstream.get(n.id) ?? [])].map((id) => this.nodes.get(id)!.stats.state);
    return nodeEndState(n.stats, n.failedElsewhere, upstream);
  }

  private tapFailed(n: RunNode, err: unknown): void {
    if (this.preview?.tap.node === n.id) this.preview.tap.failed?.(err);
  }

  /** Routes an item a node emitted to the inputs its port feeds (ContextHost). */
  async emit(n: RunNode, port: string, item: PortItem, lineage: FileLineage | null, options?: EmitOptions, input?: NodeInput): Promise<void> {
    if (this.signal.aborted) throw this.signal.reason ?? new Error('run cancelled');
    const spec = n.plugin.outputs[port];
    if (!spec) throw new Error(`node "${n.id}" emitted on "${port}", which is not one of its output ports`);
    if (spec.kind !== (item.kind === 'file' ? 'files' : 'table')) {
      throw new Error(`node "${n.id}" emitted a ${item.kind} item on its "${spec.kind}" port "${port}"`);
    }
    if (item.kind === 'file') item = producedBy(item, n.id);
    const l = lineage ?? this.newLineage(item.origin);
    if (options?.onSettled) l.handlers.push(options.onSettled);
    n.stats.filesOut++;
    if (item.kind === 'file' && item.size !== undefined) n.stats.bytesOut += item.size;
    this.telemetry.changed();
    l.hold();
    try {
      if (this.preview?.tap.node === n.id) return await this.tapped(n, l, { port, item }, input ?? null);
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

  /**
   * A preview's tapped node emitted: the tap takes the item, and the run stops once it has enough.
   * The file goes no further and settles as cancelled: it was looked at, not processed.
   */
  private async tapped(n: RunNode, lineage: FileLineage, output: NodeInput, input: NodeInput | null): Promise<void> {
    lineage.cancelled = true;
    const answer = await this.preview!.tap.emitted(output, { input, scope: this.contexts.scope(n) });
    if (answer === 'enough' && !this.signal.aborted) this.controller.abort(new Error('the preview has what it asked for'));
  }

  private newLineage(origin: SourceFile): FileLineage {
    this.openFiles.opened();
    return new FileLineage(++this.seq, origin, this.opts.tempDir, (l) => this.queueSettle(l));
  }

  /** Files that finish in the same turn of the event loop settle together (one disk sync). */
  private queueSettle(l: FileLineage): void {
    const unit = this.gate.arrive(l);
    if (unit.length) this.pushReady(unit);
  }

  private pushReady(unit: FileLineage[]): void {
    this.ready.push(unit);
    if (this.ready.length === 1) setImmediate(() => this.settleReady());
  }

  /** Settles what is ready, up to MAX_SETTLE_BATCH files at a time, never splitting a unit. */
  private settleReady(): void {
    const batch: FileLineage[] = [];
    while (this.ready.length && (batch.length === 0 || batch.length + this.ready[0]!.length <= MAX_SETTLE_BATCH)) batch.push(...this.ready.shift()!);
    if (this.ready.length) setImmediate(() => this.settleReady());
    const started = performance.now();
    const p = settleFiles(batch, this.opts.store, {
      warn: (message) => this.telemetry.report('warning', { message }),
    }).then((outcomes) => {
      this.opts.onCommit?.(batch.length, performance.now() - started);
      outcomes.forEach((o, i) => this.settled(batch[i]!, o));
    });
    this.settling.add(p);
    void p.finally(() => this.settling.delete(p));
  }

  private settled(l: FileLineage, outcome: FileOutcome): void {
    this.openFiles.settled();
    if (outcome.status === 'failed' && l.failure?.node === 'commit') {
      this.telemetry.report('error', { file: l.origin.uri, message: outcome.error ?? 'commit failed' });
    }
    const key = outcome.status as keyof typeof this.files;
    if (key in this.files) this.files[key]++;
    this.rows += outcome.rows;
    this.telemetry.changed();
    this.telemetry.event({
      type: 'file',
      node: l.origin.sourceNode,
      key: l.origin.key,
      uri: l.origin.uri,
      status: outcome.status,
      rows: outcome.rows,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
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

  /** The nodes' stats; `queued` read from the queues first when `fresh` (stats events). */
  private statsSnapshot(fresh = false): Record<string, NodeStats> {
    if (fresh) for (const n of this.nodes.values()) n.stats.queued = n.queue.size;
    return snapshot([...this.nodes].map(([id, n]) => [id, n.stats]));
  }
}
