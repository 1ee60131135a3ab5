import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type ClusterProcess, ProcessCluster } from '../../testing/cluster/process-cluster.ts';

// Three real `sluice serve` processes on one PostgreSQL store, and a graph whose schedule ticks every
// second (croner's seconds field: the finest a schedule has). Only the leader's tick queues a run, so
// each tick queues exactly one; when the leader is killed (SIGKILL, so its lease is not given up)
// another serve takes the lease once it has expired (SLUICE_LEADER_LEASE_SECONDS, here 6 s, renewed
// every 2 s) and the ticks go on.
// A tick that falls in the failover window is skipped, not caught up: the scheduler's cron jobs
// only fire at times to come (runtime/src/triggers/README.md), and a process that does not lead
// queues nothing for its ticks. A scheduled run records its tick only as its `queued_at`, in the
// second of the tick (a tick queues in milliseconds).

let cluster: ProcessCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

/** The leader lease's life in this test (SLUICE_LEADER_LEASE_SECONDS). */
const LEASE_SECONDS = 6;

/** The serve process holding the leader lease, and the lease's epoch. */
async function leaderOf(c: ProcessCluster, serves: ClusterProcess[]): Promise<{ serve: ClusterProcess; epoch: number } | undefined> {
  const [lease] = await c.db.rows<{ holder: string; epoch: string }>(`select holder, epoch from leases where name = 'leader' and expires_at > now()`);
  // The holder is host:pid:random (cluster/leadership.ts).
  const serve = lease && serves.find((s) => String(s.child.pid) === lease.holder.split(':')[1]);
  return serve && { serve, epoch: Number(lease.epoch) };
}

/** The seconds of the schedule's runs (their ticks), in order. */
async function tickSeconds(c: ProcessCluster, graphId: string): Promise<number[]> {
  const rows = await c.db.rows<{ at: Date }>(`select queued_at as at from runs where graph_id = $1 and trigger_kind = 'schedule' order by queued_at`, [
    graphId,
  ]);
  return rows.map((r) => Math.floor(new Date(r.at).getTime() / 1000));
}

/** Whether these seconds follow one another without a gap. */
const consecutive = (seconds: number[]) => seconds.every((s, i) => i === 0 || s === seconds[i - 1]! + 1);

it('three serve processes queue each tick of a schedule once; the leader killed, another leads, the ticks of the failover window skipped', async () => {
  const c = (cluster = await ProcessCluster.start({
    SLUICE_JOB_HEARTBEAT_SECONDS: '10',
    SLUICE_JOB_MONITOR_SECONDS: '1',
    // A failover of at most 6 s (the lease renewed every 2 s), instead of 15.
    SLUICE_LEADER_LEASE_SECONDS: String(LEASE_SECONDS),
    // With a token from the environment a serve makes no token file of its own.
    SLUICE_API_TOKEN: 'leader-schedules-process-test',
  }));
  // A source over an empty folder: each run ends in a moment, so no tick finds the last one still queued (it would queue nothing).
  const folder = join(c.input, 'ticks');
  mkdirSync(folder);
  const g = await c.store.graphs.create({
    format: 'sluice-graph',
    version: 1,
    name: 'ticks',
    settings: { triggers: { schedule: { enabled: true, cron: '* * * * * *', timezone: 'UTC' } } },
    nodes: { src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder } } },
    edges: [],
  });
  // Every serve runs runs too, several of the graph at once: a run held by the killed leader holds back no other.
  const serves = [0, 1, 2].map((i) => c.spawn(`serve${i}`, ['serve', '--port', '0', '--workers', '2', '--graph-concurrency', '4']));
  await c.started(serves);
  // No serve imported the examples: the store was made before them (serve-command.test.ts).
  expect(await c.db.rows(`select name from graphs where name <> 'ticks'`)).toEqual([]);
  const first = await c.until(() => leaderOf(c, serves), 'a serve to lead', 60_000);
  await c.until(async () => (await tickSeconds(c, g.id)).length >= 5, 'five ticks', 60_000);

  await c.kill(first.serve);
  const killedAt = Math.floor(Date.now() / 1000);
  const next = await c.until(
    async () => {
      const now = await leaderOf(c, serves);
      return now && now.serve !== first.serve ? now : undefined;
    },
    'another serve to lead',
    60_000,
  );
  expect(next.epoch).toBe(first.epoch + 1);
  const ledAt = Math.floor(Date.now() / 1000);
  await c.until(async () => (await tickSeconds(c, g.id)).filter((s) => s > ledAt).length >= 5, 'five ticks of the new leader', 60_000);
  for (const s of serves) await c.kill(s);

  const seconds = await tickSeconds(c, g.id);
  console.log(
    `leader schedules: runs at ticks ${seconds.map((s) => s % 100).join(' ')} (seconds mod 100); leader killed at ${killedAt % 100}, another led at ${ledAt % 100}`,
  );
  // Exactly once: no tick has two runs.
  expect(new Set(seconds).size, `ticks ${seconds.join(' ')}`).toBe(seconds.length);
  const before = seconds.filter((s) => s <= killedAt);
  const after = seconds.filter((s) => s > killedAt);
  // Every tick while a serve leads has its run: from the first run to the kill, and from the new leader's first.
  expect(consecutive(before), `ticks before the kill ${before.join(' ')}`).toBe(true);
  expect(consecutive(after), `ticks after the kill ${after.join(' ')}`).toBe(true);
  // The failover window: no run for its ticks, neither then nor caught up later (a catch-up would
  // queue runs for past ticks, in one second: two runs a tick). The lease expires LEASE_SECONDS
  // after its last renewal, made at most a third of that before the kill: the window is at least
  // two thirds of the lease of ticks.
  expect(after[0]! - before.at(-1)!).toBeGreaterThanOrEqual((LEASE_SECONDS * 2) / 3);
  expect(after[0]!).toBeLessThanOrEqual(ledAt + 2);
});
