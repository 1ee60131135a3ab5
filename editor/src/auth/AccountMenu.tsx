import { ToolButton } from '../graphs/ToolButton.tsx';
import { isAdmin } from './session.ts';
import { useSession } from './SessionContext.ts';

/** Who is signed in, the Settings screen (admins), and logout: the right end of the top bar. */
export function AccountMenu() {
  const { user, logout, openSettings } = useSession();
  return (
    <div className="account-menu">
      <span className="account-name" title={`Signed in as ${user.name} (${user.role})`} data-testid="account-name">
        {user.name} <span className="muted">· {user.role}</span>
      </span>
      {isAdmin(user.role) && (
        <ToolButton icon="key" label="Settings" hint="Users, API tokens and credentials" onClick={openSettings} data-testid="open-settings" />
      )}
      <ToolButton icon="x" label="Log out" hint="Sign out of this browser" onClick={logout} data-testid="logout" />
    </div>
  );
}
