// What a plugin thread does for a task (plugin-thread.ts on a worker; the caller's thread when
// SLUICE_PLUGIN_THREADS is 0): loads a plugin's module as discovery does, and calls one of its
// `threads` functions. Kept small: a worker imports this and the plugin's module, nothing of the executor.
import type { AnyNodePlugin } from '@sluice/sdk';
import { importPluginModule, shareHostModules } from './import-plugin-module.ts';
import type { PluginThreadTask } from './plugin-thread-task.ts';

// Per worker: each plugin module is imported once, then its functions are called for every task.
const modules = new Map<string, Promise<Record<string, unknown>>>();

function loadModule(task: PluginThreadTask): Promise<Record<string, unknown>> {
  const { file, source, hostModules } = task.module;
  let loaded = modules.get(file);
  if (!loaded) {
    if (hostModules) shareHostModules(hostModules.folders, hostModules.hostDir);
    loaded = importPluginModule(file, source);
    // A module that failed to load is tried again by the next task, as a new worker would.
    loaded.catch(() => modules.delete(file));
    modules.set(file, loaded);
  }
  return loaded;
}

/** Runs `plugin.threads[task.name](task.payload)` of the task's plugin module, in this thread. */
export async function callThreadFunction(task: PluginThreadTask): Promise<unknown> {
  const plugin = (await loadModule(task)).default as AnyNodePlugin | undefined;
  const fn = plugin?.threads?.[task.name];
  if (typeof fn !== 'function') {
    const known = Object.keys(plugin?.threads ?? {});
    throw new Error(
      `node type "${task.type}" has no thread function "${task.name}" (${known.length ? `its threads: ${known.join(', ')}` : 'its plugin has no threads'})`,
    );
  }
  return fn(task.payload);
}
