import { describe, expect, it } from 'vitest';
import { DownloadSlots } from './download-slots.ts';

/** A download that ends when the test says so, recording its start. */
function gate(started: string[], key: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  const download = async (signal: AbortSignal) => {
    started.push(key);
    await new Promise<void>((resolve, reject) => {
      void done.then(resolve);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    return key;
  };
  return { download, open };
}

/** One gate per key, and the keys in the order their downloads started. */
function gates<K extends string>(...keys: K[]) {
  const started: string[] = [];
  const each = Object.fromEntries(keys.map((k) => [k, gate(started, k)])) as Record<K, ReturnType<typeof gate>>;
  return { started, ...each };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('DownloadSlots', () => {
  it('keeps at most maxInFlight downloads going, in the order asked', async () => {
    const slots = new DownloadSlots({ maxInFlight: 2, maxBytes: 1000 });
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((k) => gate(started, k));
    const all = gates.map((g, i) => slots.schedule(String(i), 1, false, g.download).promise);
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(slots.active).toBe(2);
    gates[1]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    for (const g of gates) g.open();
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd']);
    expect(slots.active).toBe(0);
  });

  it('downloads ahead only while their bytes fit, until the files that hold bytes are released', async () => {
    const slots = new DownloadSlots({ maxInFlight: 8, maxBytes: 100 });
    const { started, a, b, c } = gates('a', 'b', 'c');
    slots.schedule('a', 60, false, a.download);
    slots.schedule('b', 60, false, b.download);
    slots.schedule('c', 10, false, c.download);
    await tick();
    // b does not fit beside a, and c waits behind b: downloads ahead go in order.
    expect(started).toEqual(['a']);
    a.open();
    await tick();
    // Downloaded, a still holds its bytes on disk until its file settles.
    expect(started).toEqual(['a']);
    slots.release('a');
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    b.open();
    c.open();
  });

  it('lets one download ahead go whatever its size, so that a small budget cannot stop the line', async () => {
    const slots = new DownloadSlots({ maxInFlight: 8, maxBytes: 10 });
    const { started, a } = gates('a');
    const p = slots.schedule('a', 500, false, a.download).promise;
    await tick();
    expect(started).toEqual(['a']);
    a.open();
    expect(await p).toBe('a');
  });

  it('starts a download a reader waits for first, and without waiting for bytes', async () => {
    const slots = new DownloadSlots({ maxInFlight: 1, maxBytes: 100 });
    const { started, a, b, c, r } = gates('a', 'b', 'c', 'r');
    slots.schedule('a', 90, false, a.download);
    const ahead = slots.schedule('b', 90, false, b.download);
    slots.schedule('c', 90, false, c.download);
    const now = slots.schedule('r', 90, true, r.download);
    await tick();
    a.open();
    await tick();
    // The slot freed by a goes to the reader's download, though a still holds 90 of the 100 bytes.
    expect(started).toEqual(['a', 'r']);
    r.open();
    expect(await now.promise).toBe('r');
    // A download ahead whose reader comes goes next, before c, bytes or not.
    ahead.hurry();
    await tick();
    expect(started).toEqual(['a', 'r', 'b']);
    b.open();
    expect(await ahead.promise).toBe('b');
  });

  it('drops a queued download of a file that settled, and frees its bytes', async () => {
    const slots = new DownloadSlots({ maxInFlight: 1, maxBytes: 100 });
    const { started, a, b } = gates('a', 'b');
    slots.schedule('a', 10, false, a.download);
    const dropped = slots.schedule('b', 10, false, b.download).promise;
    slots.release('b');
    await expect(dropped).rejects.toThrow('download not needed');
    a.open();
    await tick();
    expect(started).toEqual(['a']);
  });

  it('close drops the queue, aborts the downloads in flight and waits until they have stopped', async () => {
    const slots = new DownloadSlots({ maxInFlight: 2, maxBytes: 1000 });
    const started: string[] = [];
    let stopped = 0;
    const jobs = ['a', 'b', 'c'].map((k) => {
      const g = gate(started, k);
      return slots.schedule(k, 1, false, (signal) => g.download(signal).finally(() => stopped++)).promise;
    });
    await tick();
    await slots.close();
    expect(started).toEqual(['a', 'b']);
    expect(stopped).toBe(2);
    const outcomes = await Promise.allSettled(jobs);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await expect(slots.schedule('d', 1, true, async () => 'd').promise).rejects.toThrow('the run has ended');
  });
});
