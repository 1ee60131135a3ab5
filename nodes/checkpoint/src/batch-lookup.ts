import type { CheckpointReader, CheckpointRecord } from '@sluice/sdk';

const MAX_BATCH = 500;

/**
 * Checkpoint look-ups gathered into one `getMany` per source node: items that arrive together (the
 * node runs several at once) cost one query, not one each. A batch is sent on the next turn of the
 * event loop, or at once when it is full.
 */
export class BatchLookup {
  private readonly waiting = new Map<string, { key: string; resolve(r: CheckpointRecord | undefined): void; reject(e: unknown): void }[]>();
  private scheduled = false;
  queries = 0;

  constructor(private readonly reader: CheckpointReader) {}

  get(sourceNode: string, key: string): Promise<CheckpointRecord | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(sourceNode) ?? [];
      list.push({ key, resolve, reject });
      this.waiting.set(sourceNode, list);
      if (list.length >= MAX_BATCH) this.flush(sourceNode);
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          for (const s of [...this.waiting.keys()]) this.flush(s);
        });
      }
    });
  }

  private flush(sourceNode: string): void {
    const list = this.waiting.get(sourceNode);
    this.waiting.delete(sourceNode);
    if (!list?.length) return;
    this.queries++;
    this.reader
      .getMany(
        sourceNode,
        list.map((w) => w.key),
      )
      .then(
        (found) => {
          for (const w of list) w.resolve(found.get(w.key));
        },
        (err) => {
          for (const w of list) w.reject(err);
        },
      );
  }
}
