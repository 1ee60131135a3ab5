import { Cron } from 'croner';
import type { GraphTriggers } from './graph-triggers.ts';

export interface TriggerOverview {
  graphId: string;
  webhook: { enabled: boolean; url: string; auth: string; waitForRun: boolean } | null;
  bucketEvents: { enabled: boolean; watches: { node: string; bucket: string; prefix: string }[] } | null;
  schedule: { enabled: boolean; cron: string; timezone: string; nextAt: string | null } | null;
  poll: { enabled: boolean; everySeconds: number; nextAt: string | null } | null;
  backfill: { enabled: boolean; everySeconds: number; nextAt: string | null } | null;
  problems: string[];
}

/**
 * A graph's triggers as the API shows them, with when each timed one fires next: computed from the
 * settings and the last run of each kind, as the scheduler does, so it needs no scheduler instance.
 */
export function describeTriggers(g: GraphTriggers, lastQueued: (kind: string) => Date | undefined, now = new Date()): TriggerOverview {
  const t = g.triggers;
  const problems = [...g.problems];
  // A draft's timed triggers wait until it can run (its problem says why): no next time.
  const every = (kind: string, seconds: number, enabled: boolean) =>
    enabled && !g.cannotRun ? new Date(Math.max(now.getTime(), (lastQueued(kind)?.getTime() ?? 0) + seconds * 1000)).toISOString() : null;
  let cronNext: string | null = null;
  if (t.schedule?.enabled && !g.cannotRun) {
    try {
      cronNext = new Cron(t.schedule.cron, { timezone: t.schedule.timezone ?? 'UTC', paused: true }).nextRun(now)?.toISOString() ?? null;
    } catch (err) {
      problems.push(`settings.triggers.schedule: ${(err as Error).message}`);
    }
  }
  return {
    graphId: g.graphId,
    webhook: t.webhook
      ? { enabled: t.webhook.enabled, url: `/hooks/${t.webhook.path}`, auth: t.webhook.auth, waitForRun: t.webhook.waitForRun ?? false }
      : null,
    bucketEvents:
      t.bucketEvents || g.s3Watches.length
        ? { enabled: t.bucketEvents?.enabled ?? false, watches: g.s3Watches.map((w) => ({ node: w.nodeId, bucket: w.bucket, prefix: w.prefix })) }
        : null,
    schedule: t.schedule ? { enabled: t.schedule.enabled, cron: t.schedule.cron, timezone: t.schedule.timezone ?? 'UTC', nextAt: cronNext } : null,
    poll: t.poll ? { enabled: t.poll.enabled, everySeconds: t.poll.everySeconds, nextAt: every('poll', t.poll.everySeconds, t.poll.enabled) } : null,
    backfill: t.backfill
      ? { enabled: t.backfill.enabled, everySeconds: t.backfill.everySeconds, nextAt: every('backfill', t.backfill.everySeconds, t.backfill.enabled) }
      : null,
    problems,
  };
}
