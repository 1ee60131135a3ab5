/** Files up to this size are read whole by their first head read, and kept for the next. */
export const KEEP_HEAD_AT_MOST = 64 * 1024;

/**
 * A `FileItem.readHead` for a file of `size` bytes that `read(n, kept, signal)` reads the start of. A
 * small file (up to 64 KiB) is read whole by the first call (a sniff of a few bytes: decompress) and
 * kept until a call takes it all (a parser's head: parse-csv), so that a tiny file is opened and read
 * once for both instead of once each (W3's 10,000 tiny CSVs: BENCHMARKS.md, issue 14). `kept` asks
 * `read` for memory of the bytes' own (`readFileStart`), not a slice of a shared pool. The bytes are
 * held by the item until a call takes them all, or until the item is dropped when no such call comes
 * (a parser that reads the path itself: parse-json): at most the items in flight behind the sniff.
 */
export function keptHeadReader(
  size: number,
  read: (n: number, kept: boolean, signal?: AbortSignal) => Promise<Buffer>,
): (n: number, signal?: AbortSignal) => Promise<Buffer> {
  let whole: Buffer | undefined;
  return async (n, signal) => {
    if (whole) {
      const head = whole.subarray(0, n);
      if (n >= whole.length) whole = undefined;
      return head;
    }
    // A buffer of the file's size, not of `n`, when the file is smaller.
    if (size > KEEP_HEAD_AT_MOST || n >= size) return read(Math.min(n, size), false, signal);
    whole = await read(size, true, signal);
    return whole.subarray(0, n);
  };
}
