import type { FileItem } from '@sluice/sdk';

/** The node whose bytes an error came out of, by error object (never a property on someone else's error). */
const origins = new WeakMap<object, string>();

/** How far `originNode` follows `cause` links: a cycle or a very long chain ends there. */
const MAX_CAUSE_DEPTH = 16;

function mark(err: unknown, node: string): void {
  if (err && typeof err === 'object' && !origins.has(err)) origins.set(err, node);
}

/**
 * The node an error belongs to when it surfaced in another node using bytes the first one made (a
 * truncated gzip fails inside the parser that asked for the decompressed file, yet it is the
 * decompressor's failure). The outermost marked error along the `cause` chain wins: a node that
 * wraps an earlier node's error in its own words (a decompressor saying "the gzip data is corrupt"
 * about a stream that broke) made that failure its own. Undefined for the reading node's own errors.
 */
export function originNode(err: unknown): string | undefined {
  let e = err;
  for (let depth = 0; e && typeof e === 'object' && depth < MAX_CAUSE_DEPTH; depth++) {
    const node = origins.get(e);
    if (node) return node;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The item a node emits, as downstream nodes get it: the same bytes, but a failure to open them, to
 * read their head, to confirm their version, or to make them a local file (where a decompressor's spool breaks on a truncated file) is marked as
 * `node`'s. An error keeps its first mark, so a source's error passed on unchanged by a node after
 * it stays the source's. Errors while a stream is read are not marked: a reader's own pipeline
 * error is destroyed into the stream it reads, and would pass for the producer's.
 */
export function producedBy(item: FileItem, node: string): FileItem {
  const marking =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        mark(err, node);
        throw err;
      }
    };
  return {
    ...item,
    open: marking(item.open),
    localPath: marking(item.localPath),
    ...(item.readHead ? { readHead: marking(item.readHead) } : {}),
    ...(item.confirm ? { confirm: marking(item.confirm) } : {}),
  };
}
