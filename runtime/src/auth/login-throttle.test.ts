import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  it('refuses a name after its failures fill the window, until the oldest leaves it', () => {
    const th = new LoginThrottle(3, 1000);
    th.fail('ada', 0);
    th.fail('ada', 100);
    expect(th.retryAfterMs('ada', 200)).toBe(0);
    th.fail('ada', 200);
    expect(th.retryAfterMs('ada', 300)).toBe(700);
    expect(th.retryAfterMs('bob', 300)).toBe(0);
    expect(th.retryAfterMs('ada', 1000)).toBe(0);
    th.succeed('ada');
    expect(th.retryAfterMs('ada', 300)).toBe(0);
  });

  it('keeps a bounded number of names (a flood of made-up names cannot grow it)', () => {
    const th = new LoginThrottle(2, 1000, 100);
    for (let i = 0; i < 10_000; i++) th.fail(`name-${i}`, 0);
    expect((th as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(100);
  });
});
