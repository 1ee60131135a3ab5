import type { GraphProblem } from '@sluice/sdk';

/** A preview request that cannot be served, with the problems by field (answered as 400). */
export class PreviewError extends Error {
  constructor(
    message: string,
    readonly problems: GraphProblem[] = [],
  ) {
    super(message);
    this.name = 'PreviewError';
  }
}
