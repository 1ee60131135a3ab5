import { InlineSecretForm } from './InlineSecretForm.tsx';
import { passwordProblem } from './user-draft.ts';

/** Sets one user's password, inline in the users table. */
export function PasswordForm({ user, onSet, onCancel }: { user: string; onSet(password: string): Promise<boolean>; onCancel(): void }) {
  return <InlineSecretForm label={`New password for ${user}`} submit="Set" problemOf={passwordProblem} onSave={onSet} onCancel={onCancel} />;
}
