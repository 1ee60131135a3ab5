import { useState, type FormEvent } from 'react';
import type { Role } from '../auth/session.ts';
import { RoleSelect } from './RoleSelect.tsx';
import { tokenNameProblem } from './user-draft.ts';

export function CreateTokenForm({ onCreate }: { onCreate(name: string, role: Role): Promise<boolean> }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = tokenNameProblem(name.trim());
    setProblem(p);
    if (!p && (await onCreate(name.trim(), role))) setName('');
  };
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Create an API token">
      <input
        placeholder="Token name, e.g. ci-nightly"
        aria-label="New token name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid="new-token-name"
      />
      <RoleSelect label="New token role" value={role} onChange={setRole} testId="new-token-role" />
      <button type="submit" className="tool-button primary" data-testid="create-token">
        Create token
      </button>
      {problem && <p className="error-text form-problem">{problem}</p>}
    </form>
  );
}
