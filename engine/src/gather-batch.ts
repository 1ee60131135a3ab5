import type { BatchLimits } from '@sluice/sdk';
import type { AsyncQueue } from './async-queue.ts';
import type { Delivery } from './run-node.ts';

/** The bytes an item stands for in a batch: its source file's size (a table's rows came from it). */
const sizeOf = (d: Delivery): number => (d.item.kind === 'file' ? (d.item.size ?? d.item.origin.size) : d.item.origin.size) || 0;

/**
 * Takes the next batch off a node's queue: the first item, then whatever joins it within the
 * linger time, up to the item and byte bounds. An item that would overflow the bytes is handed
 * back as `carry` to start the next batch; a file at least `maxBytes` big goes alone.
 */
export async function gatherBatch(
  queue: AsyncQueue<Delivery>,
  limits: BatchLimits,
  carry: Delivery | undefined,
): Promise<{ batch: Delivery[]; carry: Delivery | undefined }> {
  const first = carry ?? (await queue.take());
  if (!first) return { batch: [], carry: undefined };
  const batch = [first];
  let bytes = sizeOf(first);
  const deadline = Date.now() + limits.lingerMs;
  while (batch.length < limits.maxItems && bytes < limits.maxBytes) {
    const next = await queue.takeWithin(deadline - Date.now());
    if (!next) break;
    const size = sizeOf(next);
    if (bytes + size > limits.maxBytes) return { batch, carry: next };
    batch.push(next);
    bytes += size;
  }
  return { batch, carry: undefined };
}
