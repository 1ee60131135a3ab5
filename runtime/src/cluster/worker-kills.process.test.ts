import { setTimeout as sleep } from 'node:timers/promises';
import { SeededRandom } from '@sluice/testing/random';
import { afterEach, expect, it, onTestFailed } from 'vitest';
import { expectLandedOnce } from '../../testing/cluster/expect-landed-once.ts';
import { createLandingGraph, type LandingGraph } from '../../testing/cluster/landing-graph.ts';
import { type ClusterProcess, ProcessCluster } from '../../testing/cluster/process-cluster.ts';
import { allSucceeded, holdersNow, type RunHolder } from '../../testing/cluster/run-holders.ts';

// A soak of real `sluice worker` processes on one PostgreSQL store: workers are killed (SIGKILL) at
// random moments while runs of several graphs go on, mostly workers holding a run, each replaced at
// once under a new name so the pool keeps its size. Every run must end succeeded, taken over where
// its holder died, and every row of every Bronze table must be there exactly once. Two graphs land
// into each table: its writers run at once, and a killed one's leftovers are cleaned up by another
// writer while the live ones' are spared.

const POOL = 4;
const KILLS = 20;
const GRAPHS = 10;
const FILES = 200;
/** How often a kill picks a worker holding a run rather than any worker (idle, starting, or holding). */
const HOLDER_SHARE = 0.85;
/** SLUICE_SOAK_SEED=<n> makes the choices of a failed soak again (the moments depend on the machine too). */
const SEED = Number(process.env.SLUICE_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 32));

let cluster: ProcessCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

it(`lands every row of ${GRAPHS} graphs exactly once while ${KILLS} workers of a pool of ${POOL} are killed (SIGKILL) at random moments`, async () => {
  onTestFailed(() => console.error(`worker kills soak: seed ${SEED} (SLUICE_SOAK_SEED=${SEED} makes the same choices)`));
  const random = new SeededRandom(SEED);
  const c = (cluster = await ProcessCluster.start({ SLUICE_JOB_HEARTBEAT_SECONDS: '10', SLUICE_JOB_MONITOR_SECONDS: '1' }));
  const graphs: LandingGraph[] = [];
  // Five files a commit: many commits, for kills to fall before, during and after.
  for (let i = 0; i < GRAPHS; i++) graphs.push(await createLandingGraph(c, `g${i}`, FILES, { batchFiles: 5, table: `t${i >> 1}` }));
  const tables = Array.from({ length: GRAPHS / 2 }, (_, t) => graphs.slice(2 * t, 2 * t + 2));
  let named = 0;
  const pool: ClusterProcess[] = Array.from({ length: POOL }, () => c.worker(`w${named++}`));
  await c.started(pool);
  const runIds = await c.queueRuns(graphs);

  /** The attempt each run was at when a worker holding it died: it must end at a later one. */
  const diedAt = new Map<string, number>();
  let holderKills = 0;
  const killsFrom = Date.now();
  for (let kill = 0; kill < KILLS; kill++) {
    // A random moment: the next kill does not wait for the takeover of the last one.
    await sleep(random.int(100, 900));
    let victim: ClusterProcess;
    let held: RunHolder | undefined;
    if (random.chance(HOLDER_SHARE)) {
      const waiting = Date.now();
      const holders = await c.until(
        async () => {
          if (await allSucceeded(c, runIds)) throw new Error(`the runs all ended after ${kill} kills: give the soak more work`);
          const now = await holdersNow(c);
          // pg-boss backs a run's job off longer at each attempt (1-2 s, 2-4 s, 4-8 s, ...): a run is
          // killed twice at most while another holder comes within 5 s, which keeps the soak's length bounded.
          const twiceAtMost = now.filter((h) => h.attempt <= 2);
          if (twiceAtMost.length) return twiceAtMost;
          return Date.now() - waiting > 5000 && now.length ? now : undefined;
        },
        'a worker holding a run',
        90_000,
      );
      held = random.pick(holders);
      victim = held.process;
    } else {
      victim = random.pick(pool);
    }
    await c.kill(victim);
    pool[pool.indexOf(victim)] = c.worker(`w${named++}`);
    if (held) {
      holderKills++;
      // Read once the process is gone: a run still running at its attempt died with it.
      const run = await c.store.runs.get(held.runId);
      if (run?.status === 'running' && run.attempts === held.attempt) diedAt.set(held.runId, Math.max(held.attempt, diedAt.get(held.runId) ?? 0));
    }
  }

  const killsTook = Date.now() - killsFrom;
  await c.until(() => allSucceeded(c, runIds), 'every run to succeed', 180_000);
  const endedAfter = Date.now() - killsFrom - killsTook;
  const attempts = await Promise.all(runIds.map(async (id) => (await c.store.runs.get(id))!.attempts));
  console.log(
    `worker kills soak (seed ${SEED}): ${KILLS} kills, ${holderKills} of holders, ${diedAt.size} runs taken over; attempts ${attempts.join(' ')}; kills over ${Math.round(killsTook / 1000)} s, the runs ended ${Math.round(endedAfter / 1000)} s later`,
  );
  expect(holderKills).toBeGreaterThanOrEqual(KILLS / 2);
  expect(diedAt.size).toBeGreaterThan(0);
  for (const [runId, attempt] of diedAt) expect((await c.store.runs.get(runId))!.attempts, `run ${runId} died at attempt ${attempt}`).toBeGreaterThan(attempt);
  for (const t of tables) await expectLandedOnce(c, t);

  // Nothing is left to land: a run of each graph again finds every file done.
  const again = await c.queueRuns(graphs);
  await c.until(() => allSucceeded(c, again), 'the runs again to succeed', 120_000);
  for (const id of again) expect(await c.store.runs.get(id), `run again ${id}`).toMatchObject({ files: { processed: 0 } });
  for (const t of tables) await expectLandedOnce(c, t);
});
