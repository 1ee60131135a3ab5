/**
 * A function of a plugin that the runtime runs on a worker thread (`NodePlugin.threads`): CPU-heavy
 * work (parsing many small files with a synchronous native reader) that would otherwise hold the
 * event loop while other cores idle. Its argument and result pass by structured clone, so they are
 * plain data (objects, arrays, strings, numbers, typed arrays, Dates, Maps...), never functions,
 * class instances with behaviour, or native handles such as a polars frame.
 *
 * The thread imports the plugin's own module afresh: the function must not rely on the module state
 * of the main thread (caches filled by `open`, counters), only on its argument. It may keep state of
 * its own thread (a module-level cache), which lives as long as that worker does.
 */
export type ThreadFunction = (payload: any) => unknown | Promise<unknown>;

/** Options of `RunScope.runOnThread`. */
export interface RunOnThreadOptions {
  /** Cancels the call whether queued or running (the run's own signal always does). */
  signal?: AbortSignal;
}
