import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SharedHold, SharedHolds } from '@sluice/sdk';
import type { PgLeaseRepository } from '@sluice/store';

export interface LeaseHoldsOptions {
  /** How long a hold lasts without renewal (default 30 s): a paused or cut-off holder loses it after this. */
  ttlMs?: number;
  /** How often a held lease is renewed (default a third of the ttl). */
  renewMs?: number;
  /** How often a taker waiting for a held lease asks again (default 250 ms). */
  retryMs?: number;
  log?: (message: string) => void;
}

/**
 * The sdk's SharedHolds on a PostgreSQL store's leases: each `take` is a holder of its own (this
 * host and process, and a random part), so that two runs of one process exclude each other as two
 * processes do. A hold is renewed while held; a holder that lost it (paused past its ttl, and the
 * lease taken by another) is refused by `fence` inside its commit.
 */
export function leaseHolds(leases: PgLeaseRepository, options: LeaseHoldsOptions = {}): SharedHolds {
  const ttlMs = options.ttlMs ?? 30_000;
  const renewMs = options.renewMs ?? Math.floor(ttlMs / 3);
  const process_ = `${hostname()}:${process.pid}`;
  const newHolder = () => `${process_}:${randomBytes(4).toString('hex')}`;
  const hold = (lease: { name: string; epoch: number }, holder: string, once: boolean | undefined) =>
    held(leases, lease, holder, { ttlMs, renewMs, once: once === true, ...(options.log ? { log: options.log } : {}) });
  return {
    names: (prefix) => leases.names(prefix),
    async tryTake(name, o) {
      const holder = newHolder();
      const [lease] = await leases.acquire([name], holder, ttlMs);
      return lease && hold(lease, holder, o?.once);
    },
    async take(name, { waitMs, signal, once }): Promise<SharedHold> {
      const holder = newHolder();
      const deadline = Date.now() + waitMs;
      for (;;) {
        signal?.throwIfAborted();
        const [lease] = await leases.acquire([name], holder, ttlMs);
        if (lease) return hold(lease, holder, once);
        if (Date.now() >= deadline) {
          const now = await leases.holderOf(name).catch(() => undefined);
          const who = now ? ` by ${now.holder} (its hold lasts until ${now.expiresAt.toISOString()} unless renewed)` : '';
          throw new Error(`${name} is held${who}; waited ${Math.round(waitMs / 1000)} s`);
        }
        // An abort ends the wait with the signal's reason (the run's cancel), not a bare AbortError.
        await sleep(options.retryMs ?? 250, undefined, signal ? { signal } : {}).catch(() => signal?.throwIfAborted());
      }
    },
  };
}

function held(
  leases: PgLeaseRepository,
  lease: { name: string; epoch: number },
  holder: string,
  o: { ttlMs: number; renewMs: number; once: boolean; log?: (message: string) => void },
): SharedHold {
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      try {
        const lost = await leases.renew([lease], holder, o.ttlMs);
        if (lost.length) o.log?.(`lost the hold on ${lease.name} (epoch ${lease.epoch}): another holder has it; nothing more is committed under it`);
      } catch (err) {
        o.log?.(`could not renew the hold on ${lease.name}: ${(err as Error).message}`);
      }
    });
  }, o.renewMs);
  timer.unref();
  return {
    fence: () => leases.fence([lease], holder),
    async release() {
      clearInterval(timer);
      await renewing;
      await (o.once ? leases.forget([lease], holder) : leases.release([lease], holder)).catch(() => {});
    },
  };
}
