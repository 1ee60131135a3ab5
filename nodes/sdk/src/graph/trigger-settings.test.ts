import { describe, expect, it } from 'vitest';
import { emptyGraph, parseGraphDocument } from './graph-document.ts';

function withTriggers(triggers: unknown) {
  return parseGraphDocument({ ...emptyGraph('g'), settings: { triggers } });
}

describe('settings.triggers', () => {
  it('accepts every trigger and keeps the document as written (no defaults added)', () => {
    const triggers = {
      webhook: { enabled: true, path: 'partner/sales', auth: 'hmac', secretRef: 'partner-hook', passHeaders: ['X-Request-Id'] },
      schedule: { enabled: true, cron: '0 6 * * 1-5', timezone: 'Europe/Paris' },
      poll: { enabled: false, everySeconds: 60 },
      bucketEvents: { enabled: true },
      backfill: { enabled: true, everySeconds: 3600 },
    };
    const r = withTriggers(triggers);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.settings?.triggers).toEqual(triggers);
  });

  it.each([
    [{ webhook: { enabled: true, path: '../etc', auth: 'bearer', secretRef: 's' } }, 'settings.triggers.webhook.path'],
    [{ webhook: { enabled: true, path: 'a', auth: 'basic', secretRef: 's' } }, 'settings.triggers.webhook.auth'],
    [{ webhook: { enabled: true, path: 'a', auth: 'bearer', secretRef: 'has space' } }, 'settings.triggers.webhook.secretRef'],
    [{ webhook: { enabled: true, path: 'a', auth: 'bearer', secretRef: 's', secret: 'inline' } }, 'settings.triggers.webhook'],
    [{ schedule: { enabled: true, cron: '* *' } }, 'settings.triggers.schedule.cron'],
    [{ schedule: { enabled: true, cron: '0 * * * *', timezone: 'Mars/Olympus' } }, 'settings.triggers.schedule.timezone'],
    [{ poll: { enabled: true, everySeconds: 0 } }, 'settings.triggers.poll.everySeconds'],
    [{ backfill: { enabled: true, everySeconds: 1.5 } }, 'settings.triggers.backfill.everySeconds'],
    [{ events: { enabled: true } }, 'settings.triggers'],
  ])('refuses %j at %s', (triggers, path) => {
    const r = withTriggers(triggers);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path.join('.'))).toContain(path);
  });
});
