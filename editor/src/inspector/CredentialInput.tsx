import { useId } from 'react';
import { credentialEnvName } from '@sluice/sdk/wire';
import { isAdmin } from '../auth/session.ts';
import { useSession } from '../auth/SessionContext.ts';
import type { FieldModel } from './form-model.ts';

/**
 * A credential is chosen by name; its value stays in the runtime (the credential store, else the
 * variable SLUICE_CREDENTIAL_<NAME>: no other environment variable) and never enters the graph.
 * The names nodes may use are offered; a name the runtime does not hold is said, with where an
 * admin adds it (Settings, Credentials). Without a list (the runtime could not give one), names are typed.
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
  const { user, openSettings } = useSession();
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
      {!known && (
        <p className="field-help warn-text" role="status" data-testid={`missing-credential-${id}`}>
          No credential “{current}” exists in this runtime: runs fail until an admin adds it (Settings, Credentials) or the runtime's environment sets{' '}
          <code>{credentialEnvName(current)}</code>.
          {isAdmin(user.role) && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={openSettings} data-testid={`add-credential-${id}`}>
                Add it in Settings
              </button>
            </>
          )}
        </p>
      )}
    </>
  );
}
