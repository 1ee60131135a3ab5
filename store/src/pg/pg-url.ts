/**
 * `host:port/database` of a PostgreSQL URL, for messages and logs: never the user's password, nor
 * the query string (which may hold `password=` or key file paths).
 */
export function describePgUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'an unreadable PostgreSQL URL';
  }
  const port = parsed.port || '5432';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
  return `${parsed.hostname || 'localhost'}:${port}/${database}`;
}
