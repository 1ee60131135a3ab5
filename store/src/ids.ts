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

/** Run ids sort by creation time (base-36 milliseconds), which makes logs and folders easy to scan. */
export function newRunId(now = Date.now()): string {
  return `run-${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}
