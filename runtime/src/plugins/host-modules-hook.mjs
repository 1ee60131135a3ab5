// A Node module-resolution hook (registered through node:module `register`), in plain JavaScript
// because hooks run in Node's loader thread, outside tsx and test runners.
//
// Plugins installed outside the runtime (a plugins folder) declare `zod`, `nodejs-polars` and
// `@sluice/sdk` as peer dependencies: the host provides them. Resolving those specifiers from the
// runtime's own folder gives every plugin the very module instances the runtime uses (one zod, one
// native polars library), whether or not the plugin's folder has its own node_modules.

let roots = [];
let hostURL = '';
let shared = [];

export function initialize(data) {
  roots = data.roots;
  hostURL = data.hostURL;
  shared = data.shared;
}

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent && roots.some((r) => parent.startsWith(r)) && shared.some((s) => specifier === s || specifier.startsWith(`${s}/`))) {
    return nextResolve(specifier, { ...context, parentURL: hostURL });
  }
  return nextResolve(specifier, context);
}
