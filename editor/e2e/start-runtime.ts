import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningRuntime {
  url: string;
  /** SLUICE_API_TOKEN of this runtime: an admin Bearer token for the test's own API calls. */
  apiToken?: string;
  /** The one-time sign-in URL `sluice serve` printed (only when it started without SLUICE_API_TOKEN or a user password). */
  loginUrl?: string;
  output(): string;
  stop(): Promise<void>;
}

/** `Open the editor: http://127.0.0.1:<port>/#/login?token=<...>`, as `sluice serve` prints it. */
const LOGIN_LINE = /Open the editor: (http:\/\/\S+\/#\/login\?token=\S+)/;

/**
 * The real runtime as a child process, through its CLI (`sluice serve`), on a free port with its
 * own data folder: the same way a user starts it, and nothing shared with other tests. With
 * `apiToken` it runs with SLUICE_API_TOKEN; without, it prints a one-time sign-in URL, returned
 * as `loginUrl` (a SLUICE_API_TOKEN of the test process is not passed on then).
 */
export async function startRuntime(opts: { dataDir: string; apiToken?: string; env?: Record<string, string> }): Promise<RunningRuntime> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'runtime/src/cli/main.ts', 'serve', '--port', String(port), '--data', opts.dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, SLUICE_LOG_LEVEL: 'info', ...opts.env, SLUICE_API_TOKEN: opts.apiToken ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the runtime exited with ${child.exitCode} before it answered:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the runtime did not answer ${url}/api/health within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // The sign-in line follows the listening socket by a moment.
  let loginUrl: string | undefined;
  for (const until = Date.now() + 10_000; !opts.apiToken && !loginUrl && Date.now() < until; ) {
    loginUrl = LOGIN_LINE.exec(out)?.[1];
    if (!loginUrl) await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    apiToken: opts.apiToken,
    loginUrl,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
