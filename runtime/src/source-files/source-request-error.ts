import type { GraphProblem } from '@sluice/sdk';

export type SourceRequestStatus = 400 | 404 | 409 | 413 | 415 | 422;

/** A refused upload or listing of a source's files: the HTTP status, a message naming the field and the cause, and the problems. */
export class SourceRequestError extends Error {
  readonly problems: GraphProblem[];
  constructor(
    readonly status: SourceRequestStatus,
    field: string,
    cause: string,
  ) {
    super(`${field}: ${cause}`);
    this.name = 'SourceRequestError';
    this.problems = [{ path: field.split('.'), message: cause }];
  }
}
