/** How the runtime's triggers are set up; read from the environment by the server, given by tests. */
export interface TriggerConfig {
  /** The token bucket events must present (`SLUICE_EVENTS_TOKEN`). */
  eventsToken?: string;
  /** Or the name of the credential that holds it (`SLUICE_EVENTS_TOKEN_CREDENTIAL`). */
  eventsTokenCredential: string;
  /** Confirm SNS subscriptions by fetching their SubscribeURL (`SLUICE_EVENTS_SNS_CONFIRM=true`); off by default. */
  snsConfirm: boolean;
  /** Hosts a SubscribeURL may point to (`SLUICE_EVENTS_SNS_HOSTS`, comma-separated); default AWS SNS only. */
  snsHosts: RegExp[];
  /** Largest accepted bucket event body (`SLUICE_EVENTS_MAX_BODY_BYTES`). */
  maxEventBodyBytes: number;
  /** Largest accepted webhook body (`SLUICE_HOOKS_MAX_BODY_BYTES`). */
  maxHookBodyBytes: number;
  /** How long `?wait=true` waits for the run before answering 202 anyway (`SLUICE_HOOKS_WAIT_MS`). */
  hookWaitMs: number;
  /** Keys one batched bucket-event run takes at most. */
  maxKeysPerRun: number;
  /** Days the bucket event and webhook request logs are kept (`SLUICE_TRIGGER_LOG_DAYS`). */
  logRetentionDays: number;
}

const AWS_SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

export function triggerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TriggerConfig {
  const hosts = env.SLUICE_EVENTS_SNS_HOSTS?.split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return {
    eventsToken: env.SLUICE_EVENTS_TOKEN || undefined,
    eventsTokenCredential: env.SLUICE_EVENTS_TOKEN_CREDENTIAL || 'sluice-events-token',
    snsConfirm: env.SLUICE_EVENTS_SNS_CONFIRM === 'true',
    snsHosts: hosts?.length ? hosts.map((h) => new RegExp(`^${h.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[a-z0-9-]+')}$`, 'i')) : [AWS_SNS_HOST],
    maxEventBodyBytes: positive(env.SLUICE_EVENTS_MAX_BODY_BYTES, 1024 * 1024),
    maxHookBodyBytes: positive(env.SLUICE_HOOKS_MAX_BODY_BYTES, 1024 * 1024),
    hookWaitMs: positive(env.SLUICE_HOOKS_WAIT_MS, 60_000),
    maxKeysPerRun: positive(env.SLUICE_EVENTS_MAX_KEYS_PER_RUN, 500),
    logRetentionDays: positive(env.SLUICE_TRIGGER_LOG_DAYS, 30),
  };
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : fallback;
}
