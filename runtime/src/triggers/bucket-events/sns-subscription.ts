import type { TriggerConfig } from '../trigger-config.ts';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Confirms an SNS subscription by fetching its SubscribeURL, only when the runtime is configured to
 * and only to an allowed host (AWS SNS by default): the URL comes from an unauthenticated-looking
 * body, so fetching anything would make the runtime a request forwarder (SSRF). Plain http is
 * allowed only to a loopback host (tests); redirects are not followed.
 */
export async function confirmSubscription(
  subscribeUrl: string,
  config: Pick<TriggerConfig, 'snsConfirm' | 'snsHosts'>,
): Promise<{ confirmed: boolean; reason: string }> {
  if (!config.snsConfirm)
    return { confirmed: false, reason: 'SNS subscription not confirmed: confirmation is off (set SLUICE_EVENTS_SNS_CONFIRM=true to allow it)' };
  let url: URL;
  try {
    url = new URL(subscribeUrl);
  } catch {
    return { confirmed: false, reason: 'SNS subscription not confirmed: SubscribeURL is not a URL' };
  }
  const allowedScheme = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!allowedScheme || !config.snsHosts.some((h) => h.test(url.hostname)) || url.username || url.password) {
    return { confirmed: false, reason: `SNS subscription not confirmed: ${url.protocol}//${url.host} is not an allowed SNS host (SLUICE_EVENTS_SNS_HOSTS)` };
  }
  try {
    const res = await fetch(url, { method: 'GET', redirect: 'error', signal: AbortSignal.timeout(5000) });
    await res.body?.cancel();
    return res.ok
      ? { confirmed: true, reason: `SNS subscription confirmed at ${url.host}` }
      : { confirmed: false, reason: `SNS subscription not confirmed: ${url.host} answered ${res.status}` };
  } catch (err) {
    return { confirmed: false, reason: `SNS subscription not confirmed: ${(err as Error).message}` };
  }
}
