// A Node module-resolution hook (registered through node:module `register`), in plain JavaScript
// because hooks run in Node's loader thread, outside tsx and test runners.
//
// Plugins installed outside the runtime (a plugins folder) declare `zod`, `nodejs-polars` and
// `@sluice/sdk` as peer dependencies: the host provides them. Resolving those specifiers from the
// runtime's own folder gives every plugin the very module instances the runtime uses (one zod, one
// native polars library), whether or not the plugin's folder has its own node_modules. A module the
// runtime's build holds itself (`builtURLs`, e.g. `@sluice/sdk` inlined in runtime/dist) resolves
// to the build's copy.

let roots = [];
let hostURL = '';
let shared = [];
let builtURLs = {};

// Each `register` call initializes this same module again (one per new plugins folder): roots add up.
export function initialize(data) {
  roots = [...roots, ...data.roots];
  hostURL = data.hostURL;
  shared = data.shared;
  builtURLs = data.builtURLs ?? {};
}

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent && roots.some((r) => parent.startsWith(r)) && shared.some((s) => specifier === s || specifier.startsWith(`${s}/`))) {
    const built = builtURLs[specifier];
    if (built) return { url: built, shortCircuit: true };
    return nextResolve(specifier, { ...context, parentURL: hostURL });
  }
  return nextResolve(specifier, context);
}
