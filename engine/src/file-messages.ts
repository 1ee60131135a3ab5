import { errorMessage, type SourceFile } from '@sluice/sdk';

/** An error message that names the file, without naming it twice when the node already did. */
export function fileMessage(origin: SourceFile, err: unknown): string {
  const msg = errorMessage(err);
  return msg.includes(origin.key) || msg.includes(origin.uri) ? msg : `${origin.uri}: ${msg}`;
}

export function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && err.name === 'AbortError');
}
