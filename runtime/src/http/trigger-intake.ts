/**
 * The trigger intakes: called by other machines (webhook senders, S3 bucket notifications) with
 * their own secret, never by a browser session, so no Origin check applies; and they read their
 * bodies themselves, with their own limits, logging every refusal.
 */
export function isTriggerIntake(method: string, path: string): boolean {
  return method === 'POST' && (path.startsWith('/hooks/') || path === '/api/events/s3');
}

const UPLOAD_PATH = /^\/api\/graphs\/[^/]+\/nodes\/[^/]+\/upload$/;

/**
 * Requests whose body a route streams under its own limit rather than as JSON: an upload
 * (multipart or raw bytes, SLUICE_UPLOAD_MAX_BYTES), a preview's multipart sample (64 MiB) and the
 * trigger intakes. Anything else with a body must be JSON under the JSON limit.
 */
export function hasOwnBodyLimit(method: string, path: string, mediaType: string): boolean {
  if (isTriggerIntake(method, path)) return true;
  if (method !== 'POST') return false;
  if (UPLOAD_PATH.test(path)) return mediaType === 'multipart/form-data' || mediaType === 'application/octet-stream';
  return path === '/api/preview' && mediaType === 'multipart/form-data';
}

/** `type/subtype` of a Content-Type header, lower case; '' without one. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
