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

  it('keeps a locked name locked while made-up names flood the table', () => {
    const th = new LoginThrottle(3, 1000, 50);
    for (const t of [0, 1, 2]) th.fail('ada', t);
    expect(th.retryAfterMs('ada', 10)).toBe(990);
    // Each sprayed name fails once: never locked, so each is the one pushed out, not ada.
    for (let i = 0; i < 5_000; i++) th.fail(`spray-${i}`, 10 + i / 100);
    expect(th.retryAfterMs('ada', 60)).toBe(940);
    expect((th as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(50);
  });

  it('pushes out a locked name only when every name is locked, the oldest first', () => {
    const th = new LoginThrottle(2, 1000, 3);
    for (const name of ['a', 'b', 'c']) for (const t of [0, 1]) th.fail(name, t);
    th.fail('d', 5);
    expect(th.retryAfterMs('a', 6)).toBe(0);
    expect(th.retryAfterMs('b', 6)).toBeGreaterThan(0);
    expect(th.retryAfterMs('c', 6)).toBeGreaterThan(0);
  });
});
