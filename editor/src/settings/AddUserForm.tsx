import { useState, type FormEvent } from 'react';
import type { Role } from '../auth/session.ts';
import { RoleSelect } from './RoleSelect.tsx';
import { passwordProblem, userNameProblem } from './user-draft.ts';

export function AddUserForm({ onAdd }: { onAdd(name: string, role: Role, password: string): Promise<boolean> }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = userNameProblem(name.trim()) ?? passwordProblem(password);
    setProblem(p);
    if (p) return;
    if (await onAdd(name.trim(), role, password)) {
      setName('');
      setPassword('');
    }
  };

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Add a user">
      <input placeholder="User name" aria-label="New user name" value={name} onChange={(e) => setName(e.target.value)} data-testid="new-user-name" />
      <RoleSelect label="New user role" value={role} onChange={setRole} testId="new-user-role" />
      <input
        type="password"
        placeholder="Password (8+ characters)"
        aria-label="New user password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        data-testid="new-user-password"
      />
      <button type="submit" className="tool-button primary" data-testid="add-user">
        Add user
      </button>
      {problem && <p className="error-text form-problem">{problem}</p>}
    </form>
  );
}
