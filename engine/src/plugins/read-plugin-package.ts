import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblems, MANIFEST_FIELD, type PluginManifest, pluginManifestSchema, zodProblems } from '@sluice/sdk';
import type { PluginProblem } from './plugin-problem.ts';

export type PluginOrigin = 'builtin' | 'plugins-folder';

/** A package that announces node types in its manifest; none of its code is loaded yet. */
export interface PluginPackage {
  name: string;
  version: string;
  dir: string;
  origin: PluginOrigin;
  manifest: PluginManifest;
}

export type PackageRead = { kind: 'plugin'; pkg: PluginPackage } | { kind: 'not-a-plugin' } | { kind: 'problem'; problem: PluginProblem };

/**
 * Reads `<dir>/package.json` and its "sluice" manifest, without loading any code: a package with no
 * manifest is simply not a plugin; a package with a broken one is a problem that names it.
 */
export async function readPluginPackage(dir: string, origin: PluginOrigin): Promise<PackageRead> {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'not-a-plugin' };
    return { kind: 'problem', problem: { package: dir, dir, message: `package.json cannot be read: ${(err as Error).message}` } };
  }
  if (!pkg || typeof pkg !== 'object' || !(MANIFEST_FIELD in pkg)) return { kind: 'not-a-plugin' };
  const name = typeof pkg.name === 'string' && pkg.name ? pkg.name : undefined;
  if (!name) return { kind: 'problem', problem: { package: dir, dir, message: 'package.json has a "sluice" manifest but no "name"' } };
  const r = pluginManifestSchema.safeParse(pkg[MANIFEST_FIELD]);
  if (!r.success) {
    return {
      kind: 'problem',
      problem: {
        package: name,
        dir,
        message: `invalid "${MANIFEST_FIELD}" manifest in package.json: ${formatProblems(zodProblems(r.error, [MANIFEST_FIELD]))}`,
      },
    };
  }
  const version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  return { kind: 'plugin', pkg: { name, version, dir, origin, manifest: r.data } };
}
