import { useEffect, useMemo, useState } from 'react';
import type { TriggerSettings } from '@sluice/sdk/graph';
import { useApi } from '../api/ApiContext.ts';
import type { TriggerOverview } from '../api/api-types.ts';
import { ConfigFields } from '../inspector/ConfigFields.tsx';
import { shownErrors } from '../inspector/shown-errors.ts';
import { validateConfig } from '../inspector/validate-config.ts';
import { CredentialValueForm } from './CredentialValueForm.tsx';
import { newTrigger, triggerForm } from './trigger-form.ts';
import { TriggerStatus } from './TriggerStatus.tsx';

interface Props {
  graphId: string;
  triggers: TriggerSettings | undefined;
  /** Changes when the graph is saved: the runtime's view of the triggers is fetched again. */
  savedRevision: number | undefined;
  credentials: string[] | null;
  /** Trigger fields the user has edited (`webhook.path`...), and whether a save was tried: when "Required" shows. */
  touched: ReadonlySet<string> | undefined;
  saveTried: boolean;
  onTouch(path: string): void;
  onCredentialsChanged(): void;
  onChange(triggers: TriggerSettings | undefined): void;
}

/** How the graph starts besides Run: webhook, schedule, polling, bucket events, backfill. */
export function TriggersPanel({ graphId, triggers, savedRevision, credentials, touched, saveTried, onTouch, onCredentialsChanged, onChange }: Props) {
  const api = useApi();
  const form = useMemo(triggerForm, []);
  const [overview, setOverview] = useState<TriggerOverview | null | undefined>(undefined);
  useEffect(() => {
    // null: the graph has no saved trigger yet; undefined after an error: no status to show.
    api.triggers(graphId).then(setOverview, () => setOverview(undefined));
  }, [api, graphId, savedRevision]);
  const values = (triggers ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const errors = useMemo(() => shownErrors(validateConfig(form.schema, values), touched, saveTried), [form.schema, values, touched, saveTried]);
  const set = (key: string, v: Record<string, unknown> | undefined) => {
    const next = { ...values };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(Object.keys(next).length ? (next as TriggerSettings) : undefined);
  };
  const secretRef = typeof values.webhook?.secretRef === 'string' && values.webhook.secretRef ? values.webhook.secretRef : null;

  return (
    <div className="triggers-panel">
      {overview && <TriggerStatus overview={overview} />}
      {form.sections.map((s) => {
        const on = values[s.key] !== undefined;
        return (
          <section key={s.key} className={`trigger-section ${on ? 'on' : ''}`} data-testid={`trigger-${s.key}`}>
            <label className="trigger-head">
              <input type="checkbox" className="toggle" checked={on} onChange={(e) => set(s.key, e.target.checked ? newTrigger(s) : undefined)} />
              <span>{s.title}</span>
            </label>
            {on && (
              <ConfigFields
                fields={s.field.fields ?? []}
                values={values[s.key]!}
                path={s.key}
                errors={errors}
                credentials={credentials}
                onChange={(v, path) => {
                  set(s.key, v);
                  onTouch(path);
                }}
              />
            )}
            {on && s.key === 'webhook' && secretRef && (
              <CredentialValueForm name={secretRef} exists={!!credentials?.includes(secretRef)} onSaved={onCredentialsChanged} />
            )}
          </section>
        );
      })}
      <p className="muted">Triggers take effect when the graph is saved.</p>
    </div>
  );
}
