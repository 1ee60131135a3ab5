import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The request body, up to `maxBytes`; `undefined` once it is bigger. A declared Content-Length
 * over the limit is refused before a byte is read; a body without one is read until it passes the
 * limit and then dropped, so a hostile client cannot make the runtime buffer more than the limit.
 */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The peer's address when served by @hono/node-server; undefined in `app.request()` tests. */
export function remoteOf(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
