import { ROLES, type Role } from '../auth/session.ts';

const ROLE_HINT: Record<Role, string> = {
  admin: 'admin: everything, including users, tokens and credentials',
  editor: 'editor: graphs, runs, uploads, previews and checkpoints',
  viewer: 'viewer: reads only',
};

export function RoleSelect({ value, onChange, label, testId }: { value: Role; onChange(role: Role): void; label: string; testId?: string }) {
  return (
    <select aria-label={label} value={value} title={ROLE_HINT[value]} onChange={(e) => onChange(e.target.value as Role)} data-testid={testId}>
      {ROLES.map((r) => (
        <option key={r} value={r} title={ROLE_HINT[r]}>
          {r}
        </option>
      ))}
    </select>
  );
}
