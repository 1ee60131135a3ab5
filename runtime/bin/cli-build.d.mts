/** The file in the build folder listing what the build was made from, and when. */
export declare const BUILD_INFO_FILE: string;

/** What `dist/build-info.json` holds. */
export interface BuildInfo {
  /** When the build started (ms since the epoch): an input changed after it makes the build stale. */
  startedAt: number;
  /** The build's inputs, relative to the runtime's folder. */
  inputs: string[];
}

/** Why the build in `<runtimeDir>/dist` cannot be used as it is, or `undefined` when it is up to date. */
export declare function staleReason(runtimeDir?: string): string | undefined;

/** The build of runtime/dist failed (its messages are already on stderr). */
export declare class BuildError extends Error {}

/** The URL of the built CLI's entry, building it first when it is missing or stale. */
export declare function ensureBuiltCli(runtimeDir?: string): string;
