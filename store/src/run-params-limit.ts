/**
 * The largest params a run may carry, as stored JSON: they are kept with the run and sent back on
 * every page of run history, so a few file keys and settings fit, a data dump does not.
 */
export const RUN_PARAMS_MAX_BYTES = 64 * 1024;

/** Why these params may not be stored with a run (naming the limit), or undefined when they fit. */
export function runParamsProblem(params: unknown, maxBytes = RUN_PARAMS_MAX_BYTES): string | undefined {
  const size = Buffer.byteLength(JSON.stringify(params ?? {}), 'utf8');
  if (size <= maxBytes) return undefined;
  return `the run's params are ${size} bytes as JSON, over the limit of ${maxBytes} bytes (${maxBytes / 1024} KiB): pass file keys and settings, not data`;
}

/** Thrown where a run is stored: the last line of defence behind the routes' own checks. */
export class RunParamsTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunParamsTooLarge';
  }
}

export function assertRunParamsFit(params: unknown): void {
  const problem = runParamsProblem(params);
  if (problem) throw new RunParamsTooLarge(problem);
}
