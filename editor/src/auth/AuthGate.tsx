import { Fragment, useCallback, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { Api } from '../api/api-client.ts';
import { SettingsScreen } from '../settings/SettingsScreen.tsx';
import { authApi } from './auth-api.ts';
import type { AuthChannel } from './auth-channel.ts';
import { gateReducer } from './gate-state.ts';
import { loginErrorText } from './login-error-text.ts';
import { isLoginHash } from './login-link.ts';
import { LoginPage } from './LoginPage.tsx';
import type { Session } from './session.ts';
import { SessionContext, type SessionValue } from './SessionContext.ts';

interface Props {
  api: Api;
  channel: AuthChannel;
  /** The one-time login token main.tsx took out of the address bar, if any. */
  loginToken: string | null;
  children: ReactNode;
}

/**
 * Shows the editor only to a signed-in browser: spends a one-time login link, or asks for the
 * session cookie's user, or shows the login page. A 401 later on brings the login page back over
 * the editor; the address (the open graph) stays as it was, so signing in returns to it.
 */
export function AuthGate({ api, channel, loginToken, children }: Props) {
  const auth = useMemo(() => authApi(api), [api]);
  const [state, dispatch] = useReducer(gateReducer, { phase: 'checking' });
  const [settings, setSettings] = useState(false);

  const signedIn = useCallback(
    (session: Session) => {
      channel.csrfToken = session.csrfToken;
      if (isLoginHash(window.location.hash)) window.history.replaceState(null, '', window.location.pathname + window.location.search);
      dispatch({ type: 'signedIn', session });
    },
    [channel],
  );

  useEffect(() => channel.onUnauthorized(() => dispatch({ type: 'unauthorized' })), [channel]);

  // Once, even under StrictMode's double mount: a login token can be spent only once.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      let message: string | undefined;
      if (loginToken) {
        try {
          return signedIn(await auth.exchange(loginToken));
        } catch (e) {
          message = loginErrorText(e, 'link');
        }
      }
      try {
        const session = await auth.me();
        if (session) signedIn(session);
        else dispatch({ type: 'signedOut', message });
      } catch (e) {
        dispatch({ type: 'signedOut', message: loginErrorText(e, 'password') });
      }
    })();
  }, [auth, loginToken, signedIn]);

  const logout = useCallback(async () => {
    await auth.logout().catch(() => {});
    channel.csrfToken = null;
    setSettings(false);
    dispatch({ type: 'signedOut', message: 'You are signed out.' });
  }, [auth, channel]);

  const user = state.phase === 'signed-in' ? state.session.user : null;
  const value = useMemo<SessionValue | null>(() => user && { user, logout: () => void logout(), openSettings: () => setSettings(true) }, [user, logout]);

  if (state.phase === 'checking') return <div className="login-screen" aria-busy="true" />;
  if (state.phase === 'signed-out' || !value)
    return <LoginPage auth={auth} message={state.phase === 'signed-out' ? state.message : undefined} onSignedIn={signedIn} />;
  return (
    <SessionContext.Provider value={value}>
      {/* Another user signing in over an expired session gets a fresh editor. */}
      {/* Under the Settings screen the editor is inert: out of the Tab order and of screen readers. */}
      <div className="gate-content" inert={settings || (state.phase === 'signed-in' && state.expired)}>
        <Fragment key={value.user.name}>{children}</Fragment>
      </div>
      {settings && <SettingsScreen api={api} self={value.user.name} onClose={() => setSettings(false)} />}
      {state.phase === 'signed-in' && state.expired && (
        <LoginPage overlay auth={auth} message="Your session has ended. Sign in again to continue: unsaved changes are kept." onSignedIn={signedIn} />
      )}
    </SessionContext.Provider>
  );
}
