import { randomBytes } from 'node:crypto';

/**
 * A graph id readable in URLs, logs and Bronze paths: the name as a slug plus a random suffix. It
 * satisfies the sdk's `identifier` (starts with a letter; letters, digits, "-" and "_").
 */
export function newGraphId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const base = /^[a-z]/.test(slug) ? slug : `g-${slug}`.replace(/-+$/, '');
  return `${base}-${randomBytes(3).toString('hex')}`;
}

/** Runs numbered in this process, so that two ids of one millisecond sort in the order they were made. */
let runSeq = 0;
const RUN_SEQ_SPAN = 36 ** 6;

/**
 * Run ids sort by creation time (base-36 milliseconds), which makes logs and folders easy to scan;
 * within one millisecond, in the order this process made them (a counter, then random bytes): the
 * queue takes runs by `queuedAt` then id, and a run queued just after another must not overtake it.
 */
export function newRunId(now = Date.now()): string {
  const seq = (runSeq++ % RUN_SEQ_SPAN).toString(36).padStart(6, '0');
  return `run-${now.toString(36)}-${seq}${randomBytes(3).toString('hex')}`;
}
