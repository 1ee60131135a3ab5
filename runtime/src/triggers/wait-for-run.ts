import type { RunRow } from '@sluice/store';

const ENDED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Waits until a run has ended, or `timeoutMs` has passed, and returns the run as it then is.
 * Reads the store, so it also sees runs executed by another worker process.
 */
export async function waitForRun(
  get: (id: string) => Promise<RunRow | undefined>,
  runId: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<RunRow | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await get(runId);
    if (!run || ENDED.has(run.status) || Date.now() >= deadline || signal?.aborted) return run;
    await new Promise((r) => setTimeout(r, Math.min(25, Math.max(1, deadline - Date.now()))));
  }
}
