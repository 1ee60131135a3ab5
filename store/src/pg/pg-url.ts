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

/** `message` with the URL's password taken out, should a driver (or a library over one) ever quote it. */
export function withoutPassword(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {}
  return password ? message.split(password).join('***') : message;
}
