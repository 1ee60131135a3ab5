import type { TriggerOverview } from '../api/api-types.ts';
import { CopyButton } from './CopyButton.tsx';

/** What the runtime made of the saved triggers: the webhook URL to copy, next fire times, problems. */
export function TriggerStatus({ overview }: { overview: TriggerOverview }) {
  const hookUrl = overview.webhook ? new URL(overview.webhook.url, window.location.origin).toString() : null;
  const next = (label: string, t: { enabled: boolean; nextAt: string | null } | null) =>
    t && (
      <p className="muted">
        {label}: {t.enabled ? (t.nextAt ? `next at ${new Date(t.nextAt).toLocaleString()}` : 'no next time') : 'switched off'}
      </p>
    );
  return (
    <div className="trigger-status">
      {hookUrl && (
        <div className="hook-url">
          <span className="field-label">Webhook URL {overview.webhook!.enabled ? '' : '(switched off)'}</span>
          <div className="inline-row">
            <code data-testid="webhook-url">POST {hookUrl}</code>
            <CopyButton text={hookUrl} />
          </div>
        </div>
      )}
      {next('Schedule', overview.schedule)}
      {next('Polling', overview.poll)}
      {next('Backfill', overview.backfill)}
      {overview.problems.map((p, i) => (
        <p key={i} className="field-error">
          {p}
        </p>
      ))}
    </div>
  );
}
