// The entry module of the runtime's plugin threads (worker threads run by plugin-thread-pool.ts).
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { callThreadFunction } from './call-thread-function.ts';
import type { PluginThreadTask } from './plugin-thread-task.ts';

/**
 * The worker's entry: the thread function's result, with the ArrayBuffers it holds whole (typed
 * arrays over an entire buffer, such as a table's Arrow IPC stream) moved to the caller rather than
 * copied: a large result then exists once in memory, not twice. The function must not keep them.
 */
export default async function pluginThread(task: PluginThreadTask): Promise<unknown> {
  const result = await callThreadFunction(task);
  const buffers = new Set<ArrayBuffer>();
  wholeBuffers(result, buffers, 0);
  // Buffers were found inside `result`, so it is an object.
  return buffers.size ? move({ [transferableSymbol]: [...buffers], [valueSymbol]: result as object }) : result;
}

/** ArrayBuffers that typed arrays in `value` (objects and arrays, a few levels deep) span whole. */
function wholeBuffers(value: unknown, into: Set<ArrayBuffer>, depth: number): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value)) {
    const { buffer } = value;
    // A view over part of a buffer (Node's pooled Buffers) shares it: copied, as before.
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength) into.add(buffer);
    return;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) wholeBuffers(v, into, depth + 1);
}
