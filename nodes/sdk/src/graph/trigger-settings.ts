import { z } from 'zod';

/*
 * How a stored graph is started besides a manual run: `graph.settings.triggers`. Stored in graph
 * documents forever, so every key and option value here is a storage format: add, never rename.
 * No secret is stored: the webhook names a credential whose value lives in the runtime's store.
 * Every trigger carries `enabled`, so that the editor can switch one off without losing its setup.
 * Optional fields have no zod default on purpose: parsing must not rewrite a saved document; the
 * runtime applies the defaults given in the descriptions.
 */

/** A URL path segment list: `partner/sales`, no leading slash, no `..`, safe in logs. */
const hookPath = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_~-]*(?:[./][A-Za-z0-9][A-Za-z0-9_~-]*)*$/,
    'must be URL path segments of letters, digits, "-", "_", "~", separated by "/" or ".", like "partner/sales"',
  );

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')
  .max(100);

const secretName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be the name of a credential, not its value')
  .max(128);

const intervalSeconds = (title: string, description: string) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(604_800, 'must be at most a week (604800 s)')
    .meta({ title, description });

export const WEBHOOK_AUTH_MODES = ['bearer', 'hmac'] as const;
export type WebhookAuthMode = (typeof WEBHOOK_AUTH_MODES)[number];

export const webhookTriggerSchema = z.strictObject({
  enabled: z.boolean().meta({ title: 'Enabled' }),
  path: hookPath.meta({ title: 'Path', description: 'The hook is `POST /hooks/<path>`; unique across graphs.' }),
  auth: z.enum(WEBHOOK_AUTH_MODES).meta({
    title: 'Authentication',
    description:
      '`bearer`: `Authorization: Bearer <secret>`. `hmac`: header `X-Sluice-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with `X-Sluice-Timestamp: <unix seconds>`; old or repeated signatures are refused.',
  }),
  secretRef: secretName.meta({
    title: 'Secret (credential name)',
    description: 'Name of the credential that holds the token or HMAC key.',
    widget: 'credential',
  }),
  waitForRun: z.boolean().optional().meta({
    title: 'Wait for the run',
    description: 'Answer with the run summary when the run ends instead of 202 with its id (also `?wait=true`). Default false.',
  }),
  passHeaders: z.array(headerName).max(20).optional().meta({
    title: 'Headers passed to the run',
    description: 'Request headers given to the run as `params.headers` (lower-case names). Authorization is never passed.',
  }),
  toleranceSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .optional()
    .meta({
      title: 'Signature tolerance (seconds)',
      description: 'With `hmac`: a timestamp further than this from the runtime clock is refused. Default 300.',
      showWhen: { auth: 'hmac' },
    }),
});

export const scheduleTriggerSchema = z.strictObject({
  enabled: z.boolean().meta({ title: 'Enabled' }),
  cron: z
    .string()
    .min(1, 'must not be empty')
    .max(200)
    .refine(
      (c) => /^@\w+$/.test(c) || (c.split(/\s+/).length >= 5 && c.split(/\s+/).length <= 7),
      'must be a cron expression of 5 to 7 fields, like "0 6 * * 1-5", or a nickname like "@daily"',
    )
    .meta({ title: 'Cron expression', description: 'Minute hour day-of-month month day-of-week (an optional leading seconds field), e.g. `0 6 * * 1-5`.' }),
  timezone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone like "Europe/Paris" or "UTC"')
    .optional()
    .meta({ title: 'Time zone', description: 'IANA name, e.g. `Europe/Paris`. Default UTC.' }),
});

export const pollTriggerSchema = z.strictObject({
  enabled: z.boolean().meta({ title: 'Enabled' }),
  everySeconds: intervalSeconds('Every (seconds)', 'A listing run this often, for stores that send no events; skipped while one is still queued.'),
});

export const bucketEventsTriggerSchema = z.strictObject({
  enabled: z.boolean().meta({
    title: 'Enabled',
    description:
      'Bucket events posted to `/api/events/s3` start a run for the object, when an S3 source of this graph watches its bucket, prefix and patterns.',
  }),
});

export const backfillTriggerSchema = z.strictObject({
  enabled: z.boolean().meta({ title: 'Enabled' }),
  everySeconds: intervalSeconds(
    'Every (seconds)',
    'A full listing run this often, catching objects whose events the store never sent. The run gets `params.backfill = true`: an incremental source lists everything, not only what is newer than its watermark.',
  ),
});

export const triggerSettingsSchema = z.strictObject({
  webhook: webhookTriggerSchema.optional(),
  schedule: scheduleTriggerSchema.optional(),
  poll: pollTriggerSchema.optional(),
  bucketEvents: bucketEventsTriggerSchema.optional(),
  backfill: backfillTriggerSchema.optional(),
});

export type TriggerSettings = z.infer<typeof triggerSettingsSchema>;
export type WebhookTrigger = z.infer<typeof webhookTriggerSchema>;
export type ScheduleTrigger = z.infer<typeof scheduleTriggerSchema>;
export type PollTrigger = z.infer<typeof pollTriggerSchema>;
export type BackfillTrigger = z.infer<typeof backfillTriggerSchema>;

/** What started a run, as stored with the run. Storage format: add, never rename. */
export const TRIGGER_KINDS = ['manual', 'webhook', 's3-event', 'schedule', 'poll', 'backfill'] as const;
export type TriggerKindName = (typeof TRIGGER_KINDS)[number];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
