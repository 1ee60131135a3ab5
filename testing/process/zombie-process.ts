import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { processState } from '@sluice/sdk';

export { processState };

/**
 * A real zombie, for tests of locks whose holder was killed: `sh` starts `sleep 0.5` in the
 * background, prints its pid, then becomes `sleep 60` (exec), which never waits for children. The
 * child exits after the exec (half a second: a child that ended before it could be reaped by the
 * shell) and stays a zombie until its parent ends, as a server killed with -9 stays one until its
 * supervisor or shell reaps it. `reap` ends the parent, and with it the zombie.
 */
export async function spawnZombie(): Promise<{ pid: number; reap(): void }> {
  const parent = spawn('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
  const pid = Number(line.toString().trim());
  for (let i = 0; i < 1000 && processState(pid) !== 'Z'; i++) await sleep(10);
  if (processState(pid) !== 'Z') throw new Error(`process ${pid} did not become a zombie in 10 s (state ${processState(pid)})`);
  return { pid, reap: () => void parent.kill('SIGKILL') };
}
