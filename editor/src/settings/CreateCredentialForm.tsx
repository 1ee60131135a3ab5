import { useState, type FormEvent } from 'react';
import { credentialNameProblem, credentialValueProblem } from './credential-draft.ts';

/** A new credential: its name, and its value typed once (never shown again). */
export function CreateCredentialForm({ onCreate }: { onCreate(name: string, value: string): Promise<boolean> }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = credentialNameProblem(name.trim()) ?? credentialValueProblem(value);
    setProblem(p);
    if (!p && (await onCreate(name.trim(), value))) {
      setName('');
      setValue('');
    }
  };
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Add a credential">
      <input
        placeholder="Name, e.g. partner_s3_secret"
        aria-label="New credential name"
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid="new-credential-name"
      />
      <input
        type="password"
        placeholder="Secret value"
        aria-label="New credential value"
        autoComplete="new-password"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        data-testid="new-credential-value"
      />
      <button type="submit" className="tool-button primary" data-testid="create-credential">
        Add credential
      </button>
      {problem && <p className="error-text form-problem">{problem}</p>}
    </form>
  );
}
