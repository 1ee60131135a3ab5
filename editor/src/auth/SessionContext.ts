import { createContext, useContext } from 'react';
import type { SessionUser } from './session.ts';

export interface SessionValue {
  user: SessionUser;
  logout(): void;
  openSettings(): void;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in user; components under <AuthGate> only. */
export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs <AuthGate> (see main.tsx)');
  return session;
}
