import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowTestEndpoint } from './s3-server.ts';

export type S3Operation = 'GetObject' | 'HeadObject' | 'ListObjectsV2' | 'other';

export interface Fault {
  /** Which requests it hits. */
  op: S3Operation;
  /** How many of them, in a row. */
  times: number;
  /** Answer with this S3 error instead of forwarding... */
  error?: { status: number; code: string };
  /** ...or forward, but cut the connection after this many bytes of the body. */
  cutAfterBytes?: number;
}

/**
 * A test-only HTTP proxy in front of the real S3 server: it counts the S3 operations that pass
 * (so a test can check that a second run downloads nothing) and injects the faults real stores show
 * (SlowDown/503 throttling, connections cut mid-body). Requests are forwarded byte for byte, Host
 * header included, so SigV4 signatures stay valid.
 */
export class S3TestProxy {
  readonly counts: Record<S3Operation, number> = { GetObject: 0, HeadObject: 0, ListObjectsV2: 0, other: 0 };
  /** GetObject calls per object key. */
  readonly gets = new Map<string, number>();
  /** GetObject calls in flight now (from the request to the end of its answer), and the most at once. */
  getsInFlight = 0;
  maxGetsInFlight = 0;
  /** Awaited before a GetObject is forwarded (a test deletes the object there, or holds the call). */
  beforeGet: ((key: string) => Promise<void> | void) | undefined;
  private faults: Fault[] = [];
  private server: Server | undefined;
  endpoint = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // A private endpoint like the server behind it: listed, as an operator would list it.
    allowTestEndpoint(this.endpoint);
    return this;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  resetCounts(): void {
    for (const k of Object.keys(this.counts) as S3Operation[]) this.counts[k] = 0;
    this.gets.clear();
    this.maxGetsInFlight = this.getsInFlight;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const op = operationOf(req);
    this.counts[op]++;
    if (op !== 'GetObject') {
      this.answer(op, req, res);
      return;
    }
    const key = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.split('/').slice(2).join('/'));
    this.gets.set(key, (this.gets.get(key) ?? 0) + 1);
    this.maxGetsInFlight = Math.max(this.maxGetsInFlight, ++this.getsInFlight);
    res.on('close', () => this.getsInFlight--);
    Promise.resolve(this.beforeGet?.(key)).then(
      () => this.answer(op, req, res),
      (err: Error) => res.destroy(err),
    );
  }

  private answer(op: S3Operation, req: IncomingMessage, res: ServerResponse): void {
    if (res.destroyed) return;
    const fault = this.faults.find((f) => f.op === op && f.times > 0);
    if (fault) fault.times--;
    if (fault?.error) {
      req.resume();
      const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.error.code}</Code><Message>injected by the test proxy</Message></Error>`;
      // With a request id, as every S3 store's answer carries: the client tells an S3 answer by it.
      res.writeHead(fault.error.status, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(body),
        'x-amz-request-id': `proxy-${Date.now()}`,
      });
      res.end(body);
      return;
    }
    const url = new URL(this.target);
    const upstream = request({ host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      if (fault?.cutAfterBytes === undefined) {
        up.pipe(res);
        return;
      }
      let sent = 0;
      const limit = fault.cutAfterBytes;
      up.on('data', (chunk: Buffer) => {
        if (sent >= limit) return;
        const part = chunk.subarray(0, limit - sent);
        sent += part.length;
        res.write(part);
        if (sent >= limit) {
          up.destroy();
          res.socket?.destroy(); // the client sees a connection reset mid-body
        }
      });
      up.on('end', () => res.end());
    });
    upstream.on('error', (err) => res.destroy(err));
    req.pipe(upstream);
  }
}

function operationOf(req: IncomingMessage): S3Operation {
  const url = new URL(req.url ?? '/', 'http://x');
  const segments = url.pathname.split('/').filter(Boolean);
  if (req.method === 'GET' && url.searchParams.get('list-type') === '2') return 'ListObjectsV2';
  // Path-style: /bucket/key. (The SDK adds `?x-id=GetObject`.)
  if (segments.length >= 2 && req.method === 'GET') return 'GetObject';
  if (segments.length >= 2 && req.method === 'HEAD') return 'HeadObject';
  return 'other';
}
