import type { RunAccess, RunDirs, SecretResolver } from './node-context.ts';
import type { PartReader } from './store-access.ts';
import type { LandedSample } from './wire/landed-api.ts';

export type { LandedSample } from './wire/landed-api.ts';

/** What the host asks a sink to read back: one run's rows, within limits it sets. */
export interface LandedSampleRequest {
  runId: string;
  /** At most this many rows in the sample. */
  rows: number;
  /** At most about this many bytes of rows as JSON; the sample stops before the row that passes it. */
  maxBytes: number;
}

export interface LandedSampleContext {
  /** The manifests of the run's graph: only committed parts are listed there. */
  parts: PartReader;
  dirs: RunDirs;
  /** The runtime's trust boundary, as runs get it: reading back touches nothing a run of the node could not. */
  access: RunAccess;
  secrets: SecretResolver;
  signal?: AbortSignal;
}

/**
 * "Reads back what it landed": a sink whose table the host can show a run's rows of (the editor's
 * "what landed" view) declares it, and the host asks every node of a run's graph that has it,
 * without naming the plugin. `sample` reads the node's config as stored (not yet checked), lists
 * the run's committed parts from the manifest, and reads the first rows back from storage.
 */
export interface LandedSampleFacet {
  sample(config: unknown, request: LandedSampleRequest, ctx: LandedSampleContext): Promise<LandedSample>;
}
