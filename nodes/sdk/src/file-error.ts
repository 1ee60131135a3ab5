/**
 * An error about one file: the message names the file and the cause, so that a run's error list
 * can be read without a debugger. Nodes throw it (or any Error; the executor adds the file).
 */
export class FileError extends Error {
  override name = 'FileError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/**
 * The version of a file that a trigger named is not there to read: overwritten or deleted since
 * the event, or the event's facts were wrong (see `SourceFile.unconfirmed`). Not a failure of the
 * file: the executor leaves it out with a warning giving the reason (as a key that does not exist),
 * nothing of it lands, no checkpoint record is written, and the run goes on.
 */
export class FileGone extends FileError {
  override name = 'FileGone';
}

/** The FileGone an error is, or was caused by (a node may wrap its source's error). */
export function fileGoneIn(err: unknown): FileGone | undefined {
  let e = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 16; depth++) {
    if (e instanceof FileGone) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The message of anything thrown, without a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
