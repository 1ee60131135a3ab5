import type { NodeContext, RunScope } from './node-context.ts';
import type { NodeInput } from './node-plugin.ts';

/** How big one batch may grow: the executor closes it at whichever bound comes first. */
export interface BatchLimits {
  /** Items in one batch; 1 turns batching off. */
  maxItems: number;
  /** Sum of the items' source file sizes; a file at least this big goes alone through `run`. */
  maxBytes: number;
  /** How long the first item waits for others to join it, in milliseconds. */
  lingerMs: number;
}

/** The usual options of a batching node, as its config names them. */
export interface BatchOptions {
  batchFiles: number;
  batchMiB: number;
  batchLingerMs: number;
}

/** `limits` from a config with the usual batch options (`batchFiles`, `batchMiB`, `batchLingerMs`). */
export function batchLimitsOf(config: BatchOptions): BatchLimits {
  return { maxItems: config.batchFiles, maxBytes: config.batchMiB * 1024 * 1024, lingerMs: config.batchLingerMs };
}

/** One item of a batch, with the context it would have had alone (its file's temp paths, settle handlers, landings). */
export interface BatchItem<S = unknown> {
  input: NodeInput;
  ctx: NodeContext<S>;
}

/**
 * For nodes whose cost is mostly per call rather than per row (a sink writing one Parquet part and
 * one commit for many small files): the executor hands several items at once, gathered from the
 * node's input queue up to `limits`, instead of one `run` per item. A batch of one goes through `run`.
 *
 * All or nothing: when `run` throws, the executor aborts every landing the batch made and splits
 * it in halves, down to single items through the plugin's `run`, so that the file at fault fails
 * alone with its own message and the others go on. `run` must therefore land nothing it would not
 * stand by if it returned, and leave nothing behind that an aborted landing does not remove.
 */
export interface BatchFacet<C = unknown, S = unknown> {
  limits(config: C): BatchLimits;
  run(config: C, items: BatchItem<S>[], scope: RunScope<S>): Promise<void>;
}
