import type { FieldModel } from './form-model.ts';

/**
 * Enums. Options are compared as JSON so numbers and booleans survive the <select>. An unset field
 * shows its schema default (what the runtime applies), marked as such.
 */
export function SelectInput({ id, field, value, onChange }: { id: string; field: FieldModel; value: unknown; onChange(v: unknown): void }) {
  const options = field.options ?? [];
  const shown = value === undefined ? field.default : value;
  const current = shown === undefined ? '' : JSON.stringify(shown);
  const known = options.some((o) => JSON.stringify(o) === current);
  const isDefault = (o: unknown) => field.default !== undefined && JSON.stringify(o) === JSON.stringify(field.default);
  return (
    <select id={id} value={current} onChange={(e) => onChange(e.target.value === '' ? undefined : JSON.parse(e.target.value))}>
      {shown === undefined && <option value="">{field.required ? 'Choose…' : '(not set)'}</option>}
      {!known && shown !== undefined && <option value={current}>{String(shown)} (not allowed)</option>}
      {options.map((o) => (
        <option key={JSON.stringify(o)} value={JSON.stringify(o)}>
          {String(o)}
          {isDefault(o) ? ' (default)' : ''}
        </option>
      ))}
    </select>
  );
}
