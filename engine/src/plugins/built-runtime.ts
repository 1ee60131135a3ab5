/** Loads the module of one built-in node type from the runtime's build (a code-split chunk). */
export type BuiltModuleLoader = () => Promise<Record<string, unknown>>;

/** What the runtime's build knows at run time; `undefined` when running from the TypeScript sources. */
export interface BuiltRuntime {
  /** The built-in node types' modules, keyed by `builtinModuleKey(package name, manifest entry)`. */
  builtinModules: Readonly<Record<string, BuiltModuleLoader>>;
  /** Host modules the build holds itself (`@sluice/sdk`): plugins from a plugins folder get these copies. */
  hostModuleUrls: Readonly<Record<string, string>>;
  /** The build's own plugin-thread.ts (an entry point of its own): what the plugin threads' workers load. */
  threadEntryUrl: string;
}

/**
 * `undefined` in the sources. The build (runtime/scripts/build-cli.ts) replaces this module with
 * one that lists every built-in node type's module as a lazy `import()` of its own chunk, so that a
 * built `sluice run` still loads only the node types its graph uses, with no TypeScript loader.
 */
export const builtRuntime: BuiltRuntime | undefined = undefined;
