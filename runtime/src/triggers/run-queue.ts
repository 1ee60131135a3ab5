import type { LiveKeyFeed } from '@sluice/engine';
import type { RunRow } from '@sluice/store';
import type { TriggerRequest } from '../runs/run-service.ts';

/**
 * Where triggers record runs: the run service (durable queue plus its worker). The queue's queries
 * (claiming, batching keys into a waiting run, feeding a running one) are the store's RunRepository.
 */
export interface RunQueue {
  /** Records a queued run; durable when it resolves. Called inside the trigger's own transaction. */
  enqueue(graphId: string, trigger: TriggerRequest): Promise<{ run: RunRow; created: boolean }>;
  /** An open key feed of a run of the graph executing here, with room for one more key. */
  liveFeed?(graphId: string, maxKeys: number): LiveKeyFeed | undefined;
  /** Running runs take keys through the store, whichever process executes them (a job queue's workers). */
  readonly keysShared?: boolean;
}
