import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a plugin package into a plugins folder, as a third party ships one: `<pluginsDir>/<folder>`
 * with a package.json whose `sluice` field names each node type's module (`./src/<file>`), and
 * those modules' source.
 */
export function writePluginPackage(pluginsDir: string, folder: string, name: string, modules: Record<string, { file: string; source: string }>): void {
  const dir = join(pluginsDir, folder);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const nodes = Object.fromEntries(Object.entries(modules).map(([type, m]) => [type, `./src/${m.file}`]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', sluice: { apiVersion: 1, nodes } }));
  for (const m of Object.values(modules)) writeFileSync(join(dir, 'src', m.file), m.source);
}
