import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Sits between the object store and the runtime and writes down which object keys the runtime
 * answered 2xx for: the ground truth of the crash test, kept outside the process that is killed.
 * When the runtime is down it answers 502, so the store keeps the event and sends it again.
 */
export class AcknowledgingProxy {
  readonly acknowledged = new Set<string>();
  readonly answers = new Map<number, number>();
  private server: Server | undefined;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const out = request(
          { host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${this.targetPort}` } },
          (answer) => {
            const status = answer.statusCode ?? 502;
            const parts: Buffer[] = [];
            answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => {
              this.count(status);
              if (status >= 200 && status < 300) for (const key of keysOf(body)) this.acknowledged.add(key);
              res.writeHead(status, { 'content-type': answer.headers['content-type'] ?? 'application/json' }).end(Buffer.concat(parts));
            });
            answer.on('error', () => this.fail(res));
          },
        );
        out.on('error', () => this.fail(res));
        out.end(body);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private fail(res: import('node:http').ServerResponse): void {
    this.count(502);
    if (!res.headersSent) res.writeHead(502).end('runtime unreachable');
    else res.destroy();
  }

  private count(status: number): void {
    this.answers.set(status, (this.answers.get(status) ?? 0) + 1);
  }
}

/** `bucket/key` of each record of a Ceph RGW event body (keys as is: RGW does not encode them). */
function keysOf(body: Buffer): string[] {
  try {
    const json = JSON.parse(body.toString('utf8')) as { Records?: { s3: { bucket: { name: string }; object: { key: string } } }[] };
    return (json.Records ?? []).map((r) => `${r.s3.bucket.name}/${r.s3.object.key}`);
  } catch {
    return [];
  }
}
