import { describe, expect, it } from 'vitest';
import { validateConfig } from '../inspector/validate-config.ts';
import { newTrigger, triggerForm } from './trigger-form.ts';

describe('triggerForm', () => {
  const { schema, sections } = triggerForm();

  it('has one section per trigger kind of the SDK schema', () => {
    expect(sections.map((s) => s.key)).toEqual(['webhook', 'schedule', 'poll', 'bucketEvents', 'backfill']);
    const webhook = sections[0]!.field.fields!;
    expect(webhook.find((f) => f.key === 'secretRef')!.kind).toBe('credential');
    expect(webhook.find((f) => f.key === 'auth')!.options).toEqual(['bearer', 'hmac']);
    expect(webhook.find((f) => f.key === 'toleranceSeconds')!.showWhen).toEqual({ auth: 'hmac' });
  });

  it('starts a trigger enabled with blank required fields, which the schema then asks for', () => {
    const poll = newTrigger(sections.find((s) => s.key === 'poll')!);
    expect(poll).toEqual({ enabled: true, everySeconds: 1 });
    const webhook = newTrigger(sections[0]!);
    expect(webhook).toMatchObject({ enabled: true, path: '', auth: 'bearer', secretRef: '' });
    const errors = validateConfig(schema, { webhook });
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(['webhook.path', 'webhook.secretRef']));
    expect(validateConfig(schema, { poll })).toEqual({});
  });
});
