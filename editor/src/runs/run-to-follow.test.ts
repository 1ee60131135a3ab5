import { describe, expect, it } from 'vitest';
import { shouldFollow } from './run-to-follow.ts';

const webhookRun = { id: 'run-b', trigger: 'webhook' };

describe('shouldFollow', () => {
  it('follows a run that started when nothing is shown, or the shown run has ended', () => {
    expect(shouldFollow(webhookRun, true, null)).toBe(true);
    expect(shouldFollow(webhookRun, true, { id: 'run-a', running: false })).toBe(true);
  });

  it('never when following is off', () => {
    expect(shouldFollow(webhookRun, false, null)).toBe(false);
    expect(shouldFollow(webhookRun, false, { id: 'run-a', running: false })).toBe(false);
  });

  it('leaves the run shown alone while it is still going, and does not follow it twice', () => {
    expect(shouldFollow(webhookRun, true, { id: 'run-a', running: true })).toBe(false);
    expect(shouldFollow(webhookRun, true, { id: 'run-b', running: false })).toBe(false);
    expect(shouldFollow(null, true, null)).toBe(false);
  });
});
