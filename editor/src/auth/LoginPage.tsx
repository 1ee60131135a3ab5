import { useState, type FormEvent } from 'react';
import type { AuthApi } from './auth-api.ts';
import { loginErrorText } from './login-error-text.ts';
import type { Session } from './session.ts';

interface Props {
  auth: AuthApi;
  /** Why the page shows (an expired session, a spent link). */
  message?: string;
  /** Over the editor, when a session ran out during an edit. */
  overlay?: boolean;
  onSignedIn(session: Session): void;
}

export function LoginPage({ auth, message, overlay, onSignedIn }: Props) {
  const Screen = overlay ? 'div' : 'main';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await auth.login(username.trim(), password));
    } catch (err) {
      setError(loginErrorText(err, 'password'));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    // The page's main landmark, except over the editor (which has its own).
    <Screen className={overlay ? 'login-screen overlay' : 'login-screen'} data-testid="login-page">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-label="Sign in to Sluice">
        <h1>Sign in to Sluice</h1>
        {message && (
          <p className="login-message" role="status">
            {message}
          </p>
        )}
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="login-username"
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="tool-button primary big" disabled={busy || !username.trim() || !password} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted login-hint">
          First start? Open the address that <code>sluice serve</code> printed: it signs you in once, without a password.
        </p>
      </form>
    </Screen>
  );
}
