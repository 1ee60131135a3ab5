import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const START_TIMEOUT_MS = 240_000;
const RGW_SCRIPT = fileURLToPath(new URL('../../scripts/s3-rgw.sh', import.meta.url));

/** Set by the vitest global setup (s3-global-setup.ts): where the run's one shared server lives. */
export const SHARED_DIR_ENV = 'SLUICE_TEST_S3_DIR';
/** The process whose death stops the shared server (the vitest main process). */
export const OWNER_PID_ENV = 'SLUICE_TEST_S3_OWNER';
/** Use an S3 server that is already running instead of starting one (keys test/testtest unless given). */
export const EXTERNAL_ENDPOINT_ENV = 'SLUICE_TEST_S3_ENDPOINT';

export interface S3Server {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** A new, empty bucket with a unique name: one per test keeps tests apart on a shared server. */
  newBucket(prefix?: string): Promise<string>;
  /** Stops the daemons of a server this call started; a no-op on the run's shared server. */
  stop(): Promise<void>;
}

interface Endpoint {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/**
 * A real S3 server (Ceph RADOS Gateway) for tests. Inside a vitest run, every test file gets the
 * same server, started on first use (so unit-only runs start none) and stopped by the global
 * teardown; `{ shared: false }`, or a call outside vitest, starts a private one that `stop()` ends.
 */
export async function startS3Server(options: { shared?: boolean } = {}): Promise<S3Server> {
  const external = process.env[EXTERNAL_ENDPOINT_ENV];
  if (external) {
    return withHelpers(
      {
        endpoint: external,
        accessKeyId: process.env.SLUICE_TEST_S3_ACCESS_KEY ?? 'test',
        secretAccessKey: process.env.SLUICE_TEST_S3_SECRET_KEY ?? 'testtest',
        region: 'us-east-1',
      },
      async () => {},
    );
  }
  const sharedDir = process.env[SHARED_DIR_ENV];
  if (sharedDir && options.shared !== false) {
    return withHelpers(await sharedServer(sharedDir, process.env[OWNER_PID_ENV] ?? String(process.pid)), async () => {});
  }
  const dir = await mkdtemp(join(tmpdir(), 'sluice-rgw-own-'));
  const endpoint = await startRgw(join(dir, 'rgw'), String(process.pid));
  return withHelpers(endpoint, async () => {
    await stopRgw(join(dir, 'rgw'));
    await rm(dir, { recursive: true, force: true });
  });
}

/** Stops a server started in `dir` (by the global teardown); does nothing when none was started. */
export async function stopRgw(rgwDir: string): Promise<void> {
  await run('bash', [RGW_SCRIPT, 'stop', rgwDir]);
}

async function startRgw(rgwDir: string, ownerPid: string): Promise<Endpoint> {
  const [s3Port, monPort] = [await freePort(), await freePort()];
  try {
    // ~1 s on an idle machine; far longer on a loaded one (Ceph's monitor elects itself first).
    const { stdout } = await run('bash', [RGW_SCRIPT, 'start', rgwDir, String(s3Port), String(monPort), ownerPid], {
      timeout: START_TIMEOUT_MS,
    });
    return { endpoint: stdout.trim().split('\n').pop()!, accessKeyId: 'test', secretAccessKey: 'testtest', region: 'us-east-1' };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    await stopRgw(rgwDir).catch(() => {});
    throw new Error(`could not start the test S3 server (Ceph RGW): ${e.stderr?.trim() || e.message}`);
  }
}

/**
 * The first caller of the run takes the lock (an atomic mkdir) and starts the server; the others,
 * in other worker processes, wait for the endpoint file it writes.
 */
async function sharedServer(dir: string, ownerPid: string): Promise<Endpoint> {
  const info = join(dir, 'server.json');
  const failure = join(dir, 'error.txt');
  let starter = true;
  await mkdir(join(dir, 'lock')).catch(() => (starter = false));
  if (starter) {
    try {
      const endpoint = await startRgw(join(dir, 'rgw'), ownerPid);
      await writeFile(info, JSON.stringify(endpoint));
      return endpoint;
    } catch (err) {
      await writeFile(failure, (err as Error).message);
      throw err;
    }
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const text = await readFile(info, 'utf8').catch(() => '');
    if (text) return answering(JSON.parse(text) as Endpoint, dir);
    const error = await readFile(failure, 'utf8').catch(() => '');
    if (error) throw new Error(error);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the test S3 server did not start within ${START_TIMEOUT_MS / 1000} s (another test file was starting it in ${dir})`);
}

/**
 * The shared server as a later test file finds it: it must still answer, or the tests would hang
 * on their first request instead of failing with the reason.
 */
async function answering(e: Endpoint, dir: string): Promise<Endpoint> {
  try {
    await fetch(e.endpoint, { signal: AbortSignal.timeout(15_000) });
    return e;
  } catch (err) {
    throw new Error(`the run's test S3 server at ${e.endpoint} no longer answers (${(err as Error).message}); its logs are in ${dir}/rgw/log`);
  }
}

/** The runtime's list of endpoints that may be private (runtime/src/access/allowed-endpoints.ts). */
export const ALLOWED_ENDPOINTS_ENV = 'SLUICE_ALLOWED_ENDPOINTS';

/**
 * Lists `endpoint` in this process's SLUICE_ALLOWED_ENDPOINTS, as an operator lists a private store:
 * the test server is on 127.0.0.1, which S3 clients refuse otherwise. In-process runs read it
 * (runTestGraph) and a spawned runtime or CLI inherits it (or a test passes it on explicitly).
 */
export function allowTestEndpoint(endpoint: string): void {
  const origin = new URL(endpoint).origin;
  const listed = (process.env[ALLOWED_ENDPOINTS_ENV] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!listed.includes(origin)) process.env[ALLOWED_ENDPOINTS_ENV] = [...listed, origin].join(',');
}

function withHelpers(e: Endpoint, stop: () => Promise<void>): S3Server {
  allowTestEndpoint(e.endpoint);
  let counter = 0;
  return {
    ...e,
    async newBucket(prefix = 'test') {
      // Bucket names: 3-63 chars, lower case, digits and hyphens.
      const name = `${prefix
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 30)}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
      // Loaded on first use: the global setup imports this module and must stay light.
      const { CreateBucketCommand, S3Client } = await import('@aws-sdk/client-s3');
      const client = new S3Client({
        endpoint: e.endpoint,
        region: e.region,
        forcePathStyle: true,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
        credentials: { accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey },
      });
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
      return name;
    },
    stop,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}
