import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type Lease, LeaseLostError, type PgLeaseRepository } from '@sluice/store';
import type { LeaseObserver } from './lease-observer.ts';

/** The lease the leader holds: the process that runs schedules, polling and housekeeping. */
export const LEADER_LEASE = 'leader';

/**
 * Whether this process leads the processes sharing its store, and the fence that keeps a former
 * leader's work out of the store. Work only a leader does (a schedule's tick) checks `leading()`
 * before it starts and calls `fence()` inside the transaction that commits it: a leader that lost
 * its lease while it worked (paused, cut off, slow) then cannot commit.
 */
export interface Leadership {
  leading(): boolean;
  /** Inside the committing transaction: throws LeaseLostError unless this process still leads at the epoch it was given. */
  fence(): Promise<void>;
  /** Gives the lease up (another process takes over at its next attempt) and stops trying. */
  stop(): Promise<void>;
}

/** A store only one process can serve (SQLite, held by the data folder's lock): that process leads. */
export const soleLeadership: Leadership = { leading: () => true, fence: async () => {}, stop: async () => {} };

export interface LeaderOptions {
  leases: PgLeaseRepository;
  /** Who this process is, in the lease row (default host:pid:random). */
  holder?: string;
  /** How long a lease lasts without renewal (default 15 s): a failover takes at most this long. */
  ttlMs?: number;
  /** How often the lease is renewed, or asked for by a process that does not lead (default a third of the ttl). */
  renewMs?: number;
  log?: (message: string) => void;
  /** Told when this process gains or loses the lease (the metrics count the changes). */
  observer?: LeaseObserver;
}

/**
 * Takes part in the election of a leader among the processes of one PostgreSQL store: every process
 * asks for the `leader` lease, the one that gets it renews it, and the others ask again every
 * `renewMs`, taking it over once it has expired (with the next fencing epoch). A process counts
 * itself leader only while its last renewal is younger than the ttl less one renewal period, so that
 * one waking from a pause stops acting before a successor can have started.
 */
export async function startLeadership(options: LeaderOptions): Promise<Leadership> {
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const ttlMs = options.ttlMs ?? 15_000;
  const renewMs = options.renewMs ?? Math.floor(ttlMs / 3);
  const { leases } = options;
  let lease: Lease | undefined;
  let validUntil = 0;
  let stopped = false;
  let attempt: Promise<void> = Promise.resolve();

  const tryOnce = async (): Promise<void> => {
    const asked = Date.now();
    try {
      if (lease) {
        const lost = await leases.renew([lease], holder, ttlMs);
        if (lost.length) {
          options.log?.(`lost the leader lease (epoch ${lease.epoch}): another process leads now`);
          options.observer?.lost(lease.epoch);
          lease = undefined;
          validUntil = 0;
          return;
        }
      } else {
        const [got] = await leases.acquire([LEADER_LEASE], holder, ttlMs);
        if (!got) return;
        lease = got;
        options.log?.(`leading (epoch ${got.epoch}): this process runs schedules, polling and housekeeping`);
        options.observer?.gained(got.epoch);
      }
      // Measured from before the request: the server's expiry is at least this late.
      validUntil = asked + ttlMs - renewMs;
    } catch (err) {
      options.log?.(`leader lease: ${(err as Error).message}`);
    }
  };

  await tryOnce();
  const timer = setInterval(() => {
    attempt = attempt.then(() => (stopped ? undefined : tryOnce()));
  }, renewMs);
  timer.unref();

  return {
    leading: () => lease !== undefined && Date.now() < validUntil,
    async fence() {
      if (!lease) throw new LeaseLostError([LEADER_LEASE]);
      await leases.fence([lease], holder);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      // A renewal that hangs (the database unreachable) is waited for no longer than a lease lasts.
      await Promise.race([attempt, new Promise((resolve) => setTimeout(resolve, ttlMs).unref())]);
      if (lease) await leases.release([lease], holder).catch(() => {});
      lease = undefined;
      validUntil = 0;
    },
  };
}

/**
 * Leads the store or refuses: waits up to `waitMs` for the lease (default one lease's life: a
 * process that stopped without releasing it leaves it until it expires), then, if another process
 * still leads, stops trying and throws naming it. For a process that must be the only one running
 * a store's work (`sluice run`, which executes a graph outside the job queue).
 */
export async function leadOrRefuse(options: LeaderOptions & { what: string; waitMs?: number }): Promise<Leadership> {
  const leadership = await startLeadership(options);
  const ttlMs = options.ttlMs ?? 15_000;
  const deadline = Date.now() + (options.waitMs ?? ttlMs + (options.renewMs ?? Math.floor(ttlMs / 3)));
  while (!leadership.leading() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (leadership.leading()) return leadership;
  await leadership.stop();
  const now = await options.leases.holderOf(LEADER_LEASE).catch(() => undefined);
  const who = now ? ` (${now.holder}, its lease lasts until ${now.expiresAt.toISOString()} unless renewed)` : '';
  throw new Error(`${options.what}: another Sluice process serves this store${who}; queue the run through its API, where its workers run it, or stop it first`);
}
