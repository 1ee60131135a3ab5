import { readFile } from 'node:fs/promises';
import { extname, relative } from 'node:path';
import type { Loader, Plugin } from 'esbuild';

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js' };

/**
 * Keeps every `import.meta.url` of the workspace's own code pointing at the source file it is
 * written in, although the code now runs from a chunk in `outdir`: it becomes
 * `new URL("<source relative to outdir>", import.meta.url).href`. So the paths computed from it
 * (migrations/, editor/dist, examples/, the runtime's package.json, the host-modules hook, a
 * package's own `createRequire`) resolve exactly as they do from the sources, and the build stays
 * valid wherever the checkout is moved. Every chunk must be written in `outdir` itself.
 */
export function sourceUrlPlugin(outdir: string): Plugin {
  return {
    name: 'sluice-source-url',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        if (args.namespace !== 'file' || args.path.includes('/node_modules/')) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const url = `new URL(${JSON.stringify(relative(outdir, args.path))}, import.meta.url).href`;
        return { contents: text.replace(IMPORT_META_URL, url), loader: LOADERS[extname(args.path)] ?? 'default' };
      });
    },
  };
}
