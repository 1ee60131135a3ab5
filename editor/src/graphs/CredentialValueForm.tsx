import { useState } from 'react';
import { useApi } from '../api/ApiContext.ts';

/** Sets a credential's value in the runtime's store. Write-only: the value never comes back. */
export function CredentialValueForm({ name, exists, onSaved }: { name: string; exists: boolean; onSaved(): void }) {
  const api = useApi();
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="credential-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.putCredential(name, value);
          setValue('');
          setMessage({ ok: true, text: `The value of “${name}” is stored.` });
          onSaved();
        } catch (err) {
          setMessage({ ok: false, text: (err as Error).message });
        }
      }}
    >
      <label className="field-label" htmlFor={`cred-${name}`}>
        Secret “{name}” {exists ? <span className="ok-text">(set)</span> : <span className="warn-text">(not set yet)</span>}
      </label>
      <div className="inline-row">
        <input
          id={`cred-${name}`}
          type="password"
          autoComplete="off"
          placeholder={exists ? 'Replace the value' : 'Value'}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="tool-button" disabled={!value}>
          Store
        </button>
      </div>
      {message && <p className={message.ok ? 'ok-text' : 'field-error'}>{message.text}</p>}
    </form>
  );
}
