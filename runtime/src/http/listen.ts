import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { serve, type ServerType } from '@hono/node-server';

/** How long a client may take, in milliseconds. */
export interface HttpTimeouts {
  /** To send the request line and all headers (slowloris); default 30 s. */
  headersMs: number;
  /** To send a whole request, body included: a ceiling that a large upload on a slow link still passes; default 6 h. */
  requestMs: number;
  /** Silence while the body is still due: a sender that stops sending is cut; default 60 s. */
  idleBodyMs: number;
  /** Between two requests on a kept-alive connection; default 5 s (Node's). */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 30_000, requestMs: 6 * 3600_000, idleBodyMs: 60_000, keepAliveMs: 5_000 };

/** PEM files of the certificate (chain) and its private key: the server then speaks https only. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface ListenOptions {
  port: number;
  hostname: string;
  tls?: TlsFiles;
  timeouts?: Partial<HttpTimeouts>;
}

type Fetch = (req: Request) => Response | Promise<Response>;

/**
 * Serves `app` on port and address, over https when TLS files are given. Headers must arrive within
 * `headersMs`; a body that sends nothing for `idleBodyMs` is cut, yet an answer may take its time
 * once the request is in (event streams, a webhook waiting for its run), since the idle check
 * ends with the body.
 */
export function listen(app: { fetch: Fetch }, opts: ListenOptions): Promise<ServerType> {
  const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const tls = opts.tls && { cert: readPem(opts.tls.certFile, '--tls-cert'), key: readPem(opts.tls.keyFile, '--tls-key') };
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port: opts.port,
        hostname: opts.hostname,
        ...(tls ? { createServer: createHttpsServer } : {}),
        serverOptions: {
          ...tls,
          headersTimeout: t.headersMs,
          requestTimeout: t.requestMs,
          keepAliveTimeout: t.keepAliveMs,
          // Node checks the two timeouts above on this beat; its 30 s default would let them slip by as much.
          connectionsCheckingInterval: Math.max(100, Math.min(5_000, t.headersMs / 2)),
        },
      },
      () => resolve(server),
    );
    // Socket inactivity: with no 'timeout' handler a silent socket is destroyed (a connection
    // that never sends a request, or a body that stalls); the response's handler below spares a
    // request whose body is complete.
    server.setTimeout(t.idleBodyMs);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      res.on('timeout', () => {
        if (!req.complete) req.socket.destroy();
      });
    });
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${opts.port} on ${opts.hostname} is already in use: stop the other process or pass --port`) : err),
    );
  });
}

function readPem(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${option}: cannot read ${file}: ${(err as Error).message}`);
  }
}
