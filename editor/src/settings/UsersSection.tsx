import { useState } from 'react';
import { Icon } from '../palette/Icon.tsx';
import type { Role } from '../auth/session.ts';
import type { AdminApi, UserRow } from './admin-api.ts';
import { AddUserForm } from './AddUserForm.tsx';
import { PasswordForm } from './PasswordForm.tsx';
import { RoleSelect } from './RoleSelect.tsx';
import { useAdminList } from './useAdminList.ts';
import { formatWhen } from './user-draft.ts';

interface Props {
  admin: AdminApi;
  /** The signed-in admin: removing oneself is refused here already. */
  self: string;
  report(message: { kind: 'error' | 'ok'; text: string }): void;
}

export function UsersSection({ admin, self, report }: Props) {
  const [users, reload] = useAdminList<UserRow>(admin.users, 'Users', report);
  const [passwordFor, setPasswordFor] = useState<string | null>(null);

  /** Runs one change, says how it went, and reloads the list. */
  const change = async (what: string, act: () => Promise<unknown>) => {
    try {
      await act();
      report({ kind: 'ok', text: what });
      return true;
    } catch (e) {
      report({ kind: 'error', text: `${what.replace(/\.$/, '')} failed: ${(e as Error).message}` });
      return false;
    } finally {
      void reload();
    }
  };

  return (
    <section className="settings-section" aria-label="Users" data-testid="users-section">
      <h2>Users</h2>
      <p className="muted">People who sign in to this editor with a password.</p>
      <table className="settings-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Password</th>
            <th>Added</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users?.map((u) => (
            <tr key={u.name} data-user={u.name}>
              <td>{u.name}</td>
              <td>
                <RoleSelect
                  label={`Role of ${u.name}`}
                  value={u.role}
                  onChange={(role: Role) => void change(`${u.name} is now ${role}.`, () => admin.updateUser(u.name, { role }))}
                />
              </td>
              <td>
                {passwordFor === u.name ? (
                  <PasswordForm
                    user={u.name}
                    onSet={(password) => change(`The password of ${u.name} is set.`, () => admin.updateUser(u.name, { password }))}
                    onCancel={() => setPasswordFor(null)}
                  />
                ) : (
                  <button type="button" className="link-button" onClick={() => setPasswordFor(u.name)}>
                    <Icon name="key" size={13} /> {u.hasPassword === false ? 'Set password' : 'Change'}
                  </button>
                )}
              </td>
              <td className="muted">{formatWhen(u.createdAt, '–')}</td>
              <td>
                <button
                  type="button"
                  className="icon-button danger"
                  title={u.name === self ? 'You cannot remove yourself' : `Remove ${u.name}`}
                  disabled={u.name === self}
                  onClick={() =>
                    window.confirm(`Remove the user ${u.name}? Their sessions end at once.`) &&
                    void change(`${u.name} is removed.`, () => admin.removeUser(u.name))
                  }
                >
                  <Icon name="trash" size={13} />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {users?.length === 0 && <p className="empty-state">No users yet.</p>}
      <AddUserForm onAdd={(name, role, password) => change(`${name} is added as ${role}.`, () => admin.addUser(name, role, password))} />
    </section>
  );
}
