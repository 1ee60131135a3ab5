import { createServer, type Server } from 'node:http';

export interface HostileServer {
  /** The port; the same server answers as http://127.0.0.1:<port> and http://localhost:<port>. */
  port: number;
  close(): Promise<void>;
}

/**
 * A web server of an attacker's, on another port of this machine: any page of it is served from
 * another origin than the runtime's. It serves one HTML page at every path.
 */
export async function startHostileServer(html: string): Promise<HostileServer> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  // No host: both loopback families, since Chromium may resolve `localhost` to ::1.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
