import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real, small file system (tmpfs) mounted at a folder, for tests of what a full disk does. */
export interface SmallDisk {
  readonly dir: string;
  /** Fills the disk with one file, then frees `leaveBytes` of it (rounded up to whole pages). */
  fill(leaveBytes?: number): void;
  /** Removes what `fill` wrote. */
  free(): void;
  /** Unmounts the disk; what was on it is gone. */
  unmount(): void;
}

const PAGE = 4096;
const FILLER = '.sluice-test-filler';

/**
 * Mounts a tmpfs of `size` bytes at `dir` (made if missing). Mounting needs root (or CAP_SYS_ADMIN):
 * elsewhere the answer is `{refused}` with mount's own words, for the test to say why it is skipped.
 * Unmount in afterAll: the test run's temporary folder cannot be removed while a disk is mounted in it.
 */
export function mountSmallDisk(dir: string, size: number): SmallDisk | { refused: string } {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return { refused: `mount -t tmpfs ${dir} was refused: ${stderr || (err as Error).message}` };
  }
  const filler = join(dir, FILLER);
  return {
    dir,
    fill(leaveBytes = 0) {
      rmSync(filler, { force: true });
      try {
        writeFileSync(filler, Buffer.alloc(size));
        throw new Error(`the disk at ${dir} did not fill up with ${size} bytes`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
      // Written up to the last free page: freeing whole pages leaves exactly that much room.
      const written = statSync(filler).size;
      truncateSync(filler, Math.max(0, written - Math.ceil(leaveBytes / PAGE) * PAGE));
    },
    free: () => rmSync(filler, { force: true }),
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        // Still busy (a file held open by a test that failed): detach it now, freed when closed.
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
    },
  };
}
