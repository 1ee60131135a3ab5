/**
 * What the API client and the sign-in screen share: the session's CSRF token, and the news that
 * the runtime answered 401 (the session expired or was revoked), so the login page comes back.
 * One instance is made in main.tsx and passed to both.
 */
export class AuthChannel {
  csrfToken: string | null = null;
  private readonly listeners = new Set<() => void>();

  /** Calls `listener` on every 401; returns the function that stops it. */
  onUnauthorized(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  unauthorized(): void {
    this.csrfToken = null;
    for (const l of this.listeners) l();
  }
}
