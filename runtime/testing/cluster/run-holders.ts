import type { ClusterProcess, ProcessCluster } from './process-cluster.ts';

/** A worker holding a run: its output says it runs the run at this attempt, and the store says the run is running at it. */
export interface RunHolder {
  process: ClusterProcess;
  runId: string;
  attempt: number;
}

const RUNNING_HERE = /run (\S+) of graph \S+: running here \(attempt (\d+)\)/g;

/** The process whose output says it runs the run at this attempt. */
export function holderOf(c: ProcessCluster, runId: string, attempt: number): ClusterProcess | undefined {
  return c.processes.find((p) => [...p.out().matchAll(RUNNING_HERE)].some((m) => m[1] === runId && Number(m[2]) === attempt));
}

/** The live processes holding a run now (each process's claims, checked against the store's run rows). */
export async function holdersNow(c: ProcessCluster): Promise<RunHolder[]> {
  const claims = c.processes
    .filter((p) => p.child.exitCode === null && p.child.signalCode === null)
    .flatMap((p) => [...p.out().matchAll(RUNNING_HERE)].map((m) => ({ process: p, runId: m[1]!, attempt: Number(m[2]) })));
  if (!claims.length) return [];
  const rows = await c.db.rows<{ id: string; attempts: number }>(`select id, attempts from runs where status = 'running' and id = any($1)`, [
    [...new Set(claims.map((h) => h.runId))],
  ]);
  const running = new Map(rows.map((r) => [r.id, Number(r.attempts)]));
  return claims.filter((h) => running.get(h.runId) === h.attempt);
}

/** Whether every one of these runs has succeeded. */
export async function allSucceeded(c: ProcessCluster, runIds: string[]): Promise<boolean> {
  const rows = await c.db.rows<{ n: string }>(`select count(*) as n from runs where status = 'succeeded' and id = any($1)`, [runIds]);
  return Number(rows[0]!.n) === runIds.length;
}
