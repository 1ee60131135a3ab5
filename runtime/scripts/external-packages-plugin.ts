import { isBuiltin } from 'node:module';
import { relative } from 'node:path';
import type { Plugin } from 'esbuild';

const RESOLVING = Symbol('sluice-external-packages');

/**
 * Leaves third-party packages out of the bundle (native addons, the AWS SDK, exceljs...: they stay
 * `import`s, loaded by Node from node_modules) while the workspace's own `@sluice/*` packages are
 * inlined. A package that Node finds from `runtimeDir` (where the chunks live) as from the importing
 * file stays a bare specifier; one that only the importing workspace package can see (pnpm installs
 * a plugin's own dependencies beside it, e.g. exceljs under nodes/parse-excel) becomes the path of
 * the very file it resolves to, relative to `outdir`. Packages named in `inline` are bundled too.
 */
export function externalPackagesPlugin(runtimeDir: string, outdir: string, inline: readonly string[] = []): Plugin {
  return {
    name: 'sluice-external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING || isBuiltin(args.path) || args.path.startsWith('@sluice/')) return undefined;
        if (inline.includes(packageName(args.path))) return undefined;
        const resolve = (resolveDir: string) => build.resolve(args.path, { kind: args.kind, resolveDir, pluginData: RESOLVING });
        const here = await resolve(args.resolveDir);
        if (here.errors.length) return { errors: here.errors };
        const fromRuntime = await resolve(runtimeDir);
        if (!fromRuntime.errors.length && fromRuntime.path === here.path) return { path: args.path, external: true };
        const path = relative(outdir, here.path);
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}

/** The package a bare specifier names: `a` of `a/b/c`, `@s/a` of `@s/a/b`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}
