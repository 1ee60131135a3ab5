import type { FieldModel } from './form-model.ts';

/** Enums. Options are compared as JSON so numbers and booleans survive the <select>. */
export function SelectInput({ id, field, value, onChange }: { id: string; field: FieldModel; value: unknown; onChange(v: unknown): void }) {
  const options = field.options ?? [];
  const current = value === undefined ? '' : JSON.stringify(value);
  const known = options.some((o) => JSON.stringify(o) === current);
  return (
    <select id={id} value={current} onChange={(e) => onChange(e.target.value === '' ? undefined : JSON.parse(e.target.value))}>
      {(!field.required || value === undefined) && <option value="">{field.required ? 'Choose…' : '(not set)'}</option>}
      {!known && value !== undefined && <option value={current}>{String(value)} (not allowed)</option>}
      {options.map((o) => (
        <option key={JSON.stringify(o)} value={JSON.stringify(o)}>
          {String(o)}
        </option>
      ))}
    </select>
  );
}
