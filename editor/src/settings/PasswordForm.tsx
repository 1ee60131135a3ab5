import { useState, type FormEvent } from 'react';
import { passwordProblem } from './user-draft.ts';

/** Sets one user's password, inline in the users table. */
export function PasswordForm({ user, onSet, onCancel }: { user: string; onSet(password: string): Promise<boolean>; onCancel(): void }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = passwordProblem(password);
    setProblem(p);
    if (!p && (await onSet(password))) onCancel();
  };
  return (
    <form className="settings-form inline" onSubmit={(e) => void submit(e)} aria-label={`New password for ${user}`}>
      <input
        type="password"
        autoFocus
        autoComplete="new-password"
        placeholder={`New password for ${user}`}
        aria-label={`New password for ${user}`}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="tool-button primary">
        Set
      </button>
      <button type="button" className="tool-button" onClick={onCancel}>
        Cancel
      </button>
      {problem && <p className="error-text form-problem">{problem}</p>}
    </form>
  );
}
