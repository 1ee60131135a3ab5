import type { FieldModel } from './form-model.ts';

/** Strings: one line, several lines, or code. An emptied optional field is removed from the config. */
export function TextInput({ id, field, value, onChange }: { id: string; field: FieldModel; value: unknown; onChange(v: unknown): void }) {
  const text = value === undefined || value === null ? '' : String(value);
  const set = (v: string) => onChange(v === '' && !field.required ? undefined : v);
  if (field.kind === 'textarea' || field.kind === 'code') {
    return (
      <textarea
        id={id}
        className={field.kind === 'code' ? 'code' : ''}
        rows={field.kind === 'code' ? 6 : 3}
        value={text}
        onChange={(e) => set(e.target.value)}
        spellCheck={field.kind !== 'code'}
      />
    );
  }
  return (
    <input id={id} type="text" value={text} placeholder={field.default !== undefined ? String(field.default) : ''} onChange={(e) => set(e.target.value)} />
  );
}
