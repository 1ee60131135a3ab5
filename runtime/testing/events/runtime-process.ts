import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * The runtime as a real child process (`sluice serve`), so that a test can SIGKILL it mid-request
 * and start it again on the same port and data folder. Its output goes to `logFile`.
 */
export class RuntimeProcess {
  private child: ChildProcess | undefined;
  starts = 0;

  constructor(private readonly opts: { port: number; dataDir: string; env: NodeJS.ProcessEnv; logFile: string }) {}

  get url(): string {
    return `http://127.0.0.1:${this.opts.port}`;
  }

  async start(): Promise<void> {
    const log = createWriteStream(this.opts.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', String(this.opts.port), '--data', this.opts.dataDir], {
      env: { ...process.env, ...this.opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    this.starts++;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the runtime exited with ${child.exitCode} on start; see ${this.opts.logFile}`);
      const up = await fetch(`${this.url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the runtime did not answer within 60 s; see ${this.opts.logFile}`);
  }

  /** SIGKILL: no clean-up of any kind runs, as in a power cut of the process. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    await this.kill();
  }
}
