import type { LandingState } from './land-part.ts';
import type { TableLock } from './table-lock.ts';
import type { TableWriterPlace } from './table-writers.ts';

/** What the sink holds for one run, from `open` to `close`. */
export interface SinkState extends LandingState {
  /** Where its writers are told apart (table-writers.ts). */
  place: TableWriterPlace;
  /** This opening's writer (`LandingState.writer`), alive to other writers' clean-ups until the close (table-writers.ts). */
  writerHold: TableLock;
  /** Tables landed per source file in this run, while the file is in flight (for part names). */
  inFlight: Map<string, number>;
  /** Batch parts begun in this run: numbers them, since two batches of the same files (two tables of each) may be written at once. */
  batchParts: number;
}
