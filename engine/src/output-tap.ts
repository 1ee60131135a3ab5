import type { NodeInput, RunScope } from '@sluice/sdk';

/** What a tapped node was working on when it emitted: its input item (none for a source) and its scope. */
export interface TapSource {
  input: NodeInput | null;
  scope: RunScope<unknown>;
}

/**
 * Takes what one node of a preview run emits, instead of the nodes it feeds: how a preview reads a
 * parse node's table, and a listing a source's files. `emitted` is awaited inside the node's emit,
 * so the file, its source's downloads and its temporary files are all still there; it answers
 * 'enough' to stop the run (then cancelled: nothing was processed).
 */
export interface OutputTap {
  node: string;
  emitted(output: NodeInput, from: TapSource): Promise<'more' | 'enough'>;
  /** The node skipped a file (`ctx.skip`), with its reason. */
  skipped?(reason: string): void;
  /** The node's own error (its `open` or `run` threw), as thrown: not a cancellation. */
  failed?(error: unknown): void;
}
