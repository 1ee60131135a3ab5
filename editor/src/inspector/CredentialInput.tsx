import { useId } from 'react';
import type { FieldModel } from './form-model.ts';

/**
 * A credential is chosen by name; its value stays in the runtime (the credential store, else the
 * variable SLUICE_CREDENTIAL_<NAME>: no other environment variable) and never enters the graph. The names the runtime knows are offered; a new name can be typed (its value is
 * set afterwards, e.g. in the Triggers tab or with `PUT /api/credentials/<name>`).
 */
export function CredentialInput({
  id,
  field,
  value,
  names,
  onChange,
}: {
  id: string;
  field: FieldModel;
  value: unknown;
  names: string[] | null;
  onChange(v: unknown): void;
}) {
  const listId = useId();
  const current = typeof value === 'string' ? value : '';
  const known = !current || !names || names.includes(current);
  return (
    <>
      <input
        id={id}
        type="text"
        list={listId}
        autoComplete="off"
        value={current}
        placeholder={names?.length ? 'Choose or type a credential name' : 'Credential name'}
        onChange={(e) => onChange(e.target.value === '' && !field.required ? undefined : e.target.value)}
      />
      <datalist id={listId}>
        {(names ?? []).map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {!known && <p className="field-help warn-text">No credential “{current}” is stored yet: runs fail until its value is set.</p>}
    </>
  );
}
