import type { OutputTap } from './output-tap.ts';
import { refusingStore } from './refusing-store.ts';
import { GraphRun } from './run-graph.ts';
import type { RunGraphOptions, RunSummary } from './run-types.ts';

export interface PreviewGraphOptions extends Omit<RunGraphOptions, 'liveKeys'> {
  /** The node whose output the preview takes, and what it does with it. */
  tap: OutputTap;
}

/**
 * Runs a graph (usually cut down to a source and the nodes up to the one tapped) as a preview, by
 * the same executor and the same node contexts as a run, but writing nothing: the store refuses
 * every write, `land` throws, and nodes close as cancelled, so no checkpoint, watermark or part is
 * recorded. The run stops once the tap has enough (its status is then 'cancelled').
 */
export function previewGraph(opts: PreviewGraphOptions): Promise<RunSummary> {
  const { tap, ...run } = opts;
  return new GraphRun({ ...run, store: refusingStore(opts.store, 'a preview writes nothing') }, { tap }).execute();
}
