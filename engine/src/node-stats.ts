import { emptyNodeStats, type NodeStats } from '@sluice/sdk/wire';

/** The figures of a node before it has done anything (the wire contract's zeros). */
export const emptyStats = emptyNodeStats;

export function snapshot(stats: Iterable<[string, NodeStats]>): Record<string, NodeStats> {
  const out: Record<string, NodeStats> = {};
  for (const [id, s] of stats) out[id] = { ...s, progress: s.progress && { ...s.progress } };
  return out;
}
