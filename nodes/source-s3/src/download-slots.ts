export interface DownloadSlotsOptions {
  /** Downloads in flight at once, ahead or not. */
  maxInFlight: number;
  /** Bytes that downloads ahead may hold (in flight, or spooled and not yet released). */
  maxBytes: number;
}

/** A scheduled download: its result, and a way to say that its reader is waiting for it now. */
export interface ScheduledDownload<T> {
  promise: Promise<T>;
  /** The reader waits: the download goes before every download ahead, and no longer waits for bytes. */
  hurry(): void;
}

interface Job {
  key: string;
  bytes: number;
  urgent: boolean;
  start(): void;
  cancel(err: Error): void;
}

/**
 * The download slots of one run's bucket: at most `maxInFlight` downloads at once, and downloads
 * ahead of their reader (prefetches) only while the bytes they hold stay within `maxBytes`, so the
 * spool folder holds a bounded amount whatever the bucket. A download a reader waits for goes first
 * and is never held back by the byte budget: the files holding it are waiting for readers that go
 * on without it, so nothing waits in a circle. Downloads get the slots' signal, aborted by `close`.
 */
export class DownloadSlots {
  private readonly queue: Job[] = [];
  private readonly held = new Map<string, number>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly controller = new AbortController();
  private heldBytes = 0;
  private inFlight = 0;

  constructor(private readonly o: DownloadSlotsOptions) {}

  /** Aborted when the run closes: downloads in flight stop and their files can be removed. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Downloads in flight now. */
  get active(): number {
    return this.inFlight;
  }

  /**
   * Runs `download` when a slot is free (first in line when `urgent`); `bytes` count against the
   * budget from then until `release(key)`.
   */
  schedule<T>(key: string, bytes: number, urgent: boolean, download: (signal: AbortSignal) => Promise<T>): ScheduledDownload<T> {
    let job!: Job;
    const promise = new Promise<T>((resolve, reject) => {
      job = {
        key,
        bytes,
        urgent,
        cancel: reject,
        start: () => {
          this.inFlight++;
          this.hold(key, bytes);
          const run = download(this.controller.signal).finally(() => {
            this.inFlight--;
            this.running.delete(run);
            this.pump();
          });
          this.running.add(run);
          run.then(resolve, reject);
        },
      };
    });
    if (this.controller.signal.aborted) job.cancel(closedError());
    else {
      this.queue.push(job);
      this.pump();
    }
    return {
      promise,
      hurry: () => {
        if (job.urgent || !this.queue.includes(job)) return;
        job.urgent = true;
        this.pump();
      },
    };
  }

  /** The file of `key` is settled: a download of it still queued is dropped, the bytes it held are free. */
  release(key: string): void {
    const queued = this.queue.findIndex((j) => j.key === key);
    if (queued >= 0) this.queue.splice(queued, 1)[0]!.cancel(closedError());
    const bytes = this.held.get(key);
    if (bytes === undefined) return;
    this.held.delete(key);
    this.heldBytes -= bytes;
    this.pump();
  }

  /** Drops the queued downloads, aborts those in flight and waits until they have stopped. */
  async close(): Promise<void> {
    this.controller.abort(closedError());
    for (const job of this.queue.splice(0)) job.cancel(closedError());
    await Promise.allSettled([...this.running]);
  }

  private hold(key: string, bytes: number): void {
    this.held.set(key, (this.held.get(key) ?? 0) + bytes);
    this.heldBytes += bytes;
  }

  private pump(): void {
    while (this.inFlight < this.o.maxInFlight && this.queue.length > 0) {
      const urgent = this.queue.findIndex((j) => j.urgent);
      const head = this.queue[0]!;
      // Downloads ahead go in order, each when its bytes fit (one always may, so a budget smaller
      // than an object cannot stop the line).
      const fits = this.heldBytes === 0 || this.heldBytes + head.bytes <= this.o.maxBytes;
      const index = urgent >= 0 ? urgent : fits ? 0 : -1;
      if (index < 0) return;
      const [job] = this.queue.splice(index, 1);
      job!.start();
    }
  }
}

function closedError(): Error {
  return Object.assign(new Error('the run has ended: download not needed'), { name: 'AbortError' });
}
