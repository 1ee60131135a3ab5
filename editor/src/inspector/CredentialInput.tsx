import type { FieldModel } from './form-model.ts';

/**
 * A credential is chosen by name; its value stays in the runtime (store or environment) and never
 * enters the graph. Without a list from the runtime, the name can still be typed.
 */
export function CredentialInput({ id, field, value, names, onChange }: { id: string; field: FieldModel; value: unknown; names: string[] | null; onChange(v: unknown): void }) {
  const current = typeof value === 'string' ? value : '';
  if (!names) {
    return <input id={id} type="text" value={current} placeholder="credential name" onChange={(e) => onChange(e.target.value || undefined)} />;
  }
  return (
    <select id={id} value={current} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{field.required ? 'Choose a credential…' : '(none)'}</option>
      {current && !names.includes(current) && <option value={current}>{current} (not defined)</option>}
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}
