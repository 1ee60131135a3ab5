import type { NodeState, NodeStats } from './run-types.ts';

/**
 * A node's state once its inputs are done. `failed` when a file failed here; `skipped` when nothing
 * of its own got through because an earlier node failed: it received no file and a node feeding it
 * failed or was skipped, or every file it received failed at an earlier node (a truncated gzip that
 * breaks inside the parser reading it). Such a node did nothing wrong, and did nothing: it is
 * neither red nor green. `done` otherwise.
 */
export function nodeEndState(stats: Pick<NodeStats, 'filesIn' | 'filesFailed'>, failedElsewhere: number, upstream: readonly NodeState[]): NodeState {
  if (stats.filesFailed > 0) return 'failed';
  if (stats.filesIn > 0) return failedElsewhere >= stats.filesIn ? 'skipped' : 'done';
  return upstream.some((s) => s === 'failed' || s === 'skipped') ? 'skipped' : 'done';
}
