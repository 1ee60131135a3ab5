import type { Readable } from 'node:stream';
import type { RunAccess, RunDirs, SecretResolver } from './node-context.ts';

/**
 * Capabilities a source plugin may declare, which the host asks for instead of naming node types:
 * the upload route asks `plugin.uploads`, the bucket-events trigger asks `plugin.bucketEvents`.
 */

/** One uploaded file on its way in: a plain base name (checked by the host), streamed. */
export interface IncomingFile {
  /** A base name: no path, no leading dot, no control characters. */
  name: string;
  /** The bytes, already held to the host's size limit (the stream fails when it is passed). */
  stream: Readable;
  /** Settles when the request has been read to its end; rejects when it broke off. Await it before the file becomes visible. */
  finished: Promise<void>;
}

/**
 * What the host keeps about uploads in its data folder (never in a landing area, where an upload
 * could forge it), for sources that write files: which files uploads landed, so that an overwrite
 * replaces only an earlier upload, and which temporary files are in progress, so that those of a
 * killed process are swept at the next start.
 */
export interface UploadLedger {
  /** Notes a temporary file before it is made; the returned function forgets it once it is gone or renamed. */
  partial(tempPath: string): Promise<() => Promise<void>>;
  /** Records the file now at `path` as an upload's. */
  landed(path: string): Promise<void>;
  /** True when `path` is a regular file an upload landed and nothing has replaced since. */
  isPreviousUpload(path: string): Promise<boolean>;
}

export interface LandingContext {
  /** The source node's id in its graph (for messages). */
  nodeId: string;
  dirs: RunDirs;
  /** The runtime's trust boundary: roots and allowed endpoints, as a run of the node gets them. */
  access: RunAccess;
  secrets: SecretResolver;
  /** Replace a file of the same name (only an earlier upload, where the source can tell). */
  overwrite: boolean;
  ledger: UploadLedger;
  signal?: AbortSignal;
}

/** Why a landing was refused; the host answers 409 for `exists`, 422 for `unavailable`. */
export type LandingRefusal = 'exists' | 'unavailable';

/** A refused landing, with a message that names the place and the cause (no field prefix). */
export class LandingError extends Error {
  override readonly name = 'LandingError';
  constructor(
    readonly reason: LandingRefusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * "Accepts uploads into its landing area": a source whose files live where the host may put one
 * (a folder inside the landing roots, a bucket prefix). `land` writes the file so that a listing sees
 * all of it or none, and refuses an existing name unless `overwrite`; refusals are LandingErrors,
 * failures of the request itself (the stream's errors) are passed on as they are.
 */
export interface UploadFacet<C> {
  land(config: C, file: IncomingFile, ctx: LandingContext): Promise<{ key: string; warnings?: string[] }>;
}

/** What one source node listens to: events for a key it takes start a run. */
export interface BucketWatch {
  bucket: string;
  prefix: string;
  /** Whether the source takes this key (under the prefix, the rest matching its patterns), exactly as its run would. */
  takes(key: string): boolean;
}

/**
 * "Watches a bucket for events": a source whose objects a bucket notification can name. `watch`
 * reads the node's config as stored in the graph (not yet checked: a graph may be saved half-done)
 * and throws an Error saying what is missing when it cannot tell.
 */
export interface BucketEventsFacet {
  watch(config: unknown): BucketWatch;
}
