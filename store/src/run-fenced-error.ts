/** A worker's write to a run it no longer holds: another worker took the run over (`RunRepository.fence`). */
export class RunFencedError extends Error {
  constructor(
    readonly runId: string,
    readonly epoch: number,
  ) {
    super(`run ${runId} was taken over by another worker (this worker held it at attempt ${epoch}): its writes are refused`);
    this.name = 'RunFencedError';
  }
}
