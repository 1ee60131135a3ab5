import { errorMessage } from '@sluice/sdk';

/**
 * The cause in a polars error, without its advice for Python users (`infer_schema_length=...`):
 * the "Original error" block when there is one, else the first paragraph.
 */
export function polarsCause(err: unknown): string {
  const msg = errorMessage(err);
  const original = /Original error: ```([\s\S]*?)```/.exec(msg);
  const text = original ? original[1]! : msg.split(/\n\s*\n/)[0]!;
  return text.replace(/\s+/g, ' ').trim();
}
