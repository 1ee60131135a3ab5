import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import setupSharedS3 from './s3-global-setup.ts';
import { OWNER_PID_ENV, SHARED_DIR_ENV, startS3Server, type S3Server } from './s3-server.ts';

function clientFor(s: S3Server): S3Client {
  return new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
  });
}

function alive(pid: number): boolean {
  try {
    // A killed daemon may linger as a zombie until its parent reaps it: that is not alive.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]!.startsWith('Z');
  } catch {
    return false;
  }
}

/** Pids of the Ceph daemons whose config lives under `dir`. */
function daemonsUnder(dir: string): number[] {
  const out = execFileSync('pgrep', ['-f', `${dir}.*/ceph.conf`], { encoding: 'utf8' }).trim();
  return out.split('\n').map(Number).filter(alive);
}

/** As daemonsUnder, and none (not pgrep's exit status 1) when no process matches. */
function daemonsOrNone(dir: string): number[] {
  try {
    return daemonsUnder(dir);
  } catch {
    return [];
  }
}

async function roundTrip(s: S3Server): Promise<string> {
  const s3 = clientFor(s);
  try {
    const bucket = await s.newBucket('round-trip');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/a.txt', Body: 'hello' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/a.txt' }));
    return await got.Body!.transformToString();
  } finally {
    s3.destroy();
  }
}

// Starting Ceph takes ~1 s idle, far longer on a loaded machine.
const START = 300_000;

describe('startS3Server', () => {
  it(
    'gives every caller of a run the same server, and a fresh bucket per call',
    async () => {
      const a = await startS3Server();
      const b = await startS3Server();
      expect(b.endpoint).toBe(a.endpoint);
      expect(await a.newBucket('same')).not.toBe(await a.newBucket('same'));
      expect(await roundTrip(a)).toBe('hello');
    },
    START,
  );

  it(
    'starts the shared server on first use only, and the global teardown stops all its daemons',
    async () => {
      const saved = { dir: process.env[SHARED_DIR_ENV], owner: process.env[OWNER_PID_ENV] };
      const teardown = setupSharedS3();
      const dir = process.env[SHARED_DIR_ENV]!;
      try {
        expect(() => daemonsUnder(dir)).toThrow(); // pgrep finds nothing: nothing started yet
        const s = await startS3Server();
        expect(await roundTrip(s)).toBe('hello');
        const pids = daemonsUnder(dir);
        expect(pids.length).toBe(3); // mon, osd, radosgw
        await s.stop(); // a no-op: other test files may still use it
        expect(pids.filter(alive).length).toBe(3);
        await teardown();
        expect(pids.filter(alive)).toEqual([]);
        await expect(fetch(s.endpoint)).rejects.toThrow();
      } finally {
        process.env[SHARED_DIR_ENV] = saved.dir;
        process.env[OWNER_PID_ENV] = saved.owner;
      }
    },
    START,
  );

  it(
    'stops every daemon of a private server',
    async () => {
      // Daemons of private servers already running (another checkout's test run on this machine) are not this one's.
      const others = new Set(daemonsOrNone('sluice-rgw-own-'));
      const s = await startS3Server({ shared: false });
      expect(await roundTrip(s)).toBe('hello');
      const pids = daemonsUnder('sluice-rgw-own-').filter((p) => !others.has(p));
      expect(pids.length).toBeGreaterThanOrEqual(3);
      await s.stop();
      expect(pids.filter(alive)).toEqual([]);
      await expect(fetch(s.endpoint)).rejects.toThrow();
    },
    START,
  );
});
