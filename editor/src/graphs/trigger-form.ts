import { triggerSettingsSchema, type TriggerSettings } from '@sluice/sdk/graph';
import { z } from 'zod';
import { blankValue, formModel, type FieldModel } from '../inspector/form-model.ts';

export interface TriggerSection {
  key: keyof TriggerSettings;
  title: string;
  field: FieldModel;
}

const TITLES: Record<string, string> = {
  webhook: 'Webhook',
  schedule: 'Schedule',
  poll: 'Polling',
  bucketEvents: 'Bucket events',
  backfill: 'Backfill',
};

/**
 * The trigger settings form, generated from the SDK's own zod schema (the one the runtime checks
 * graphs with) by the same JSON Schema -> form path as node configs: one section per trigger.
 */
export function triggerForm(): { schema: Record<string, unknown>; sections: TriggerSection[] } {
  const schema = z.toJSONSchema(triggerSettingsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const sections = formModel(schema).map((field) => ({ key: field.key as keyof TriggerSettings, title: TITLES[field.key] ?? field.title, field }));
  return { schema, sections };
}

/** A newly switched-on trigger: enabled, with every required field at its blank value. */
export function newTrigger(section: TriggerSection): Record<string, unknown> {
  return { ...(blankValue(section.field) as Record<string, unknown>), enabled: true };
}
