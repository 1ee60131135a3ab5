import { setTimeout as sleep } from 'node:timers/promises';

/** One landing's hold on the shared parts it writes again, from its plan until it commits or is aborted. */
interface Hold {
  files: ReadonlySet<string>;
  settled: Promise<void>;
  release(): void;
}

/**
 * The shared parts that landings of this run are writing again (copy-on-write) and have not yet
 * committed or given up. Two landings that each drop their own file from the same shared part
 * would each write it again from the same committed copy: the second to commit would find it
 * replaced and fail its files. So a landing waits for the other's rewrite to settle, then plans
 * from what it left (the part written again without the first file).
 *
 * A landing holding a file of this one (another table of the same file) is not waited for: its
 * commit takes all of that file's earlier rows out, which makes this one's rewrite moot (the
 * commit skips a rewrite whose part is gone). Waiting is bounded: a landing's settle can depend on
 * work queued behind the waiting one (a file's other tables in a full sink), and a wait that can
 * never end must end, failing the files at the commit as before, to be read again next run.
 */
export class InFlightRewrites {
  private readonly holds = new Map<string, Set<Hold>>();
  /** Counts holds taken and released: a plan read while it changed may be out of date. */
  private changes = 0;

  constructor(private readonly maxWaitMs: number) {}

  /**
   * Waits until no landing of other files holds any of `paths()`, computed again after each wait
   * (what a settled rewrite left is what the next plan reads), then holds them for a landing of
   * `files` (in the same turn as the last check, so that no other landing slips in between) until
   * `release` is called, any number of times. `gaveUp`: the wait ran out and they are held anyway.
   * A plan read while another landing took or released a hold is read again: that landing may have
   * committed meanwhile (`paths` reads the store, and other landings go on while it does).
   */
  async hold(paths: () => Promise<Iterable<string>>, files: ReadonlySet<string>, signal?: AbortSignal): Promise<{ release: () => void; gaveUp: boolean }> {
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const before = this.changes;
      const list = [...(await paths())];
      signal?.throwIfAborted();
      const left = deadline - Date.now();
      // Read again, as after a wait (until the wait runs out: then it is held as planned).
      if (this.changes !== before && left > 0) continue;
      const busy = this.busy(list, files);
      if (!busy.length || left <= 0) return { release: this.add(list, files), gaveUp: busy.length > 0 };
      const stop = new AbortController();
      const timer = sleep(left, undefined, { signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal }).catch((err: unknown) => {
        if (signal?.aborted) throw err;
      });
      try {
        await Promise.race([Promise.all(busy.map((h) => h.settled)), timer]);
      } finally {
        stop.abort();
      }
      signal?.throwIfAborted();
    }
  }

  private add(list: string[], files: ReadonlySet<string>): () => void {
    if (!list.length) return () => {};
    this.changes++;
    let release!: () => void;
    const settled = new Promise<void>((resolve) => {
      release = () => {
        this.changes++;
        for (const p of list) {
          const set = this.holds.get(p);
          set?.delete(hold);
          if (set && !set.size) this.holds.delete(p);
        }
        resolve();
      };
    });
    const hold: Hold = { files, settled, release };
    for (const p of list) {
      let set = this.holds.get(p);
      if (!set) this.holds.set(p, (set = new Set()));
      set.add(hold);
    }
    return release;
  }

  /** Lets every waiting landing go (the run's end). */
  releaseAll(): void {
    for (const set of [...this.holds.values()]) for (const h of [...set]) h.release();
  }

  private busy(paths: Iterable<string>, files: ReadonlySet<string>): Hold[] {
    const out = new Set<Hold>();
    for (const p of paths) {
      for (const h of this.holds.get(p) ?? []) {
        if (![...h.files].some((f) => files.has(f))) out.add(h);
      }
    }
    return [...out];
  }
}
