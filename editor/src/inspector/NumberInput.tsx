import { useEffect, useState } from 'react';
import type { FieldModel } from './form-model.ts';

/** Numbers keep what is typed ("1." or "-") until it parses; an empty field means "not set". */
export function NumberInput({ id, field, value, onChange }: { id: string; field: FieldModel; value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value));
  useEffect(() => {
    if (Number(text) !== value) setText(value === undefined || value === null ? '' : String(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      id={id}
      type="number"
      inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
      step={field.kind === 'integer' ? 1 : 'any'}
      min={field.minimum}
      max={field.maximum}
      placeholder={field.default !== undefined ? String(field.default) : ''}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') return onChange(undefined);
        const n = Number(e.target.value);
        onChange(Number.isNaN(n) ? e.target.value : n);
      }}
    />
  );
}
