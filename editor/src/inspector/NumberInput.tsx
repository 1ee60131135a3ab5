import { useEffect, useState } from 'react';
import type { FieldModel } from './form-model.ts';

/** Numbers keep what is typed ("1." or "-") until it parses; an empty field means "not set". */
export function NumberInput({ id, field, value, onChange }: { id: string; field: FieldModel; value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value));
  // Follow outside changes (undo, another node) without clobbering what is being typed ("1." is 1).
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : value === undefined || value === null ? '' : String(value)));
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
