import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it answers something truthy (returned), or throws after `ms`; `context`
 * adds to the error what helps find why (the processes' output).
 */
export async function until<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  ms: number,
  context?: () => string,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ''}`);
    await sleep(100);
  }
}
