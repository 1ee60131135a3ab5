import type { NodeStats } from './run-types.ts';

export function emptyStats(): NodeStats {
  return {
    state: 'idle',
    filesIn: 0,
    filesOut: 0,
    filesSkipped: 0,
    filesFailed: 0,
    rowsIn: 0,
    rowsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    queued: 0,
    errors: 0,
    warnings: 0,
  };
}

export function snapshot(stats: Iterable<[string, NodeStats]>): Record<string, NodeStats> {
  const out: Record<string, NodeStats> = {};
  for (const [id, s] of stats) out[id] = { ...s, progress: s.progress && { ...s.progress } };
  return out;
}
