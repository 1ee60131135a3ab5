import { AccessSettingError } from './access-setting-error.ts';

export const ALLOWED_ENDPOINTS_ENV = 'SLUICE_ALLOWED_ENDPOINTS';

/**
 * SLUICE_ALLOWED_ENDPOINTS: ','-separated origins (`http://127.0.0.1:7480`) that S3 clients may call
 * although they resolve to a private address. Parsed and normalised here (scheme and host lower
 * case, default port dropped, as `URL.origin` gives them); the nodes' outbound check enforces them.
 * Anything that is not a bare http(s) origin is refused, so a path or credentials cannot slip in.
 */
export function allowedEndpoints(raw: string | undefined): string[] {
  const out = new Set<string>();
  for (const entry of (raw ?? '').split(',').map((e) => e.trim())) {
    if (!entry) continue;
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new AccessSettingError(ALLOWED_ENDPOINTS_ENV, `"${entry}" is not a URL; list origins such as http://127.0.0.1:7480`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AccessSettingError(ALLOWED_ENDPOINTS_ENV, `"${entry}" is not an http(s) origin`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || /\/./.test(entry.replace(/^[a-z]+:\/\//i, ''))) {
      throw new AccessSettingError(ALLOWED_ENDPOINTS_ENV, `"${entry}" must be an origin only (scheme, host and port), without path, query or credentials`);
    }
    out.add(url.origin);
  }
  return [...out];
}
