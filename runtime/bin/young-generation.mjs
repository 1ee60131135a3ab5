// The young generation (V8's new space) of a `sluice` process: kept at V8's initial size.
//
// V8 grows a thread's new space while many of its objects survive a scavenge, up to 64 MiB per
// semi-space on a machine with this much memory: a run's main thread holds files, tables and S3
// downloads in flight, so its new space grew to 128 MiB committed (and the plugin threads' grew
// too), for ~35 MiB of live objects. W2 from S3 peaked at 570-620 MiB RSS so; with the growth
// stopped, at 430-475 MiB, and from the folder ~100 MiB lower, at the same speed and CPU within the
// noise (BENCHMARKS.md, "W2: one DuckDB pass per batch"). The growth factor is the one heap flag
// V8 reads at each scavenge, not only when a heap is set up, so it also holds for the plugin
// threads' heaps, set up later. A process started with its own semi-space flag keeps V8's way.

/** The V8 flag that stops the new space from growing. */
export const NO_YOUNG_GROWTH = '--semi-space-growth-factor=1';

/**
 * Sets `NO_YOUNG_GROWTH` through `setFlags` (v8.setFlagsFromString) unless the process's own
 * options (`execArgv`, `NODE_OPTIONS`) set a semi-space flag; says whether it did.
 */
export function keepYoungGenerationSmall(execArgv, nodeOptions, setFlags) {
  if ([...execArgv, nodeOptions ?? ''].some((arg) => arg.includes('semi-space'))) return false;
  setFlags(NO_YOUNG_GROWTH);
  return true;
}
