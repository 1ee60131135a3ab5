import { credentialEnvName } from '@sluice/sdk';
import { startS3Server, type S3Server } from '@sluice/testing/s3';

/**
 * Names of the credentials the benchmark's S3 graphs refer to. Sluice resolves a credential by
 * name from its store, then from the variable SLUICE_CREDENTIAL_<NAME>; `sluice run` inherits this
 * process's environment, so the server's keys are put there under those variables once it is up
 * (and startS3Server lists the server in SLUICE_ALLOWED_ENDPOINTS, which `sluice run` inherits too).
 */
export const S3_KEY_ID_NAME = 'SLUICE_BENCH_S3_KEY_ID';
export const S3_SECRET_NAME = 'SLUICE_BENCH_S3_SECRET';

/**
 * One real S3 server (Ceph RGW, see runtime/src/testing/s3-server.ts) for a whole `pnpm bench`,
 * started when a workload first asks for it; `stop()` ends it, and does nothing if none started.
 * Inside vitest it is the suite's shared server (whose teardown stops it). A killed benchmark
 * leaks no daemons either: the server's watchdog stops them when this process dies.
 */
export class LazyS3Server {
  private starting: Promise<S3Server> | undefined;

  constructor(private readonly log: (line: string) => void) {}

  get(): Promise<S3Server> {
    this.starting ??= (async () => {
      const t = performance.now();
      const server = await startS3Server();
      process.env[credentialEnvName(S3_KEY_ID_NAME)] = server.accessKeyId;
      process.env[credentialEnvName(S3_SECRET_NAME)] = server.secretAccessKey;
      this.log(`S3: Ceph RGW at ${server.endpoint}, up in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return server;
    })();
    return this.starting;
  }

  async stop(): Promise<void> {
    // A start that failed has already stopped what it began.
    const server = await this.starting?.catch(() => undefined);
    this.starting = undefined;
    await server?.stop();
  }
}
