import { emptyGraph } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { checkTriggerSettings } from './check-trigger-settings.ts';

describe('checkTriggerSettings', () => {
  const withCron = (cron: string) => ({ ...emptyGraph('g'), settings: { triggers: { schedule: { enabled: true, cron, timezone: 'Europe/Paris' } } } });
  it('accepts what croner accepts, with seconds or nicknames', () => {
    expect(checkTriggerSettings(withCron('0 6 * * 1-5'))).toEqual([]);
    expect(checkTriggerSettings(withCron('*/10 * * * * *'))).toEqual([]);
    expect(checkTriggerSettings(withCron('@daily'))).toEqual([]);
    expect(checkTriggerSettings(emptyGraph('no triggers'))).toEqual([]);
  });
  it('names the field and the cause of a cron croner refuses', () => {
    expect(checkTriggerSettings(withCron('61 * * * *'))).toEqual([
      { path: ['settings', 'triggers', 'schedule', 'cron'], message: expect.stringMatching(/^"61 \* \* \* \*" is not a cron expression croner accepts: /) },
    ]);
  });
});
