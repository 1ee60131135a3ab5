import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configDefaults, configJsonSchema } from './config-schema.ts';
import { identifier, nodeTypeName } from './graph/graph-document.ts';
import { NODE_CATEGORIES } from './graph/node-type-info.ts';
import { PORT_KINDS } from './graph/port-kinds.ts';
import type { AnyNodePlugin } from './node-plugin.ts';
import { MANIFEST_FIELD, pluginManifestSchema } from './plugin-manifest.ts';

export interface ConformanceOptions {
  /** The node package's folder (holding package.json and README.md). */
  packageDir: string;
  /** A config that the schema accepts, when `{}` is not one (required fields without defaults). */
  validConfig?: Record<string, unknown>;
}

/**
 * The suite every node package runs (`runNodeConformance(plugin, {packageDir})` in one test file),
 * in the way every Hono router runs one shared suite. It checks the contract, not the behaviour:
 * behaviour is each package's own tests, run through the real executor.
 */
export function runNodeConformance(plugin: AnyNodePlugin, options: ConformanceOptions): void {
  describe(`node plugin conformance: ${plugin.type}`, () => {
    it('has a stable, well-formed identity', () => {
      expect(nodeTypeName.safeParse(plugin.type).success, `type "${plugin.type}"`).toBe(true);
      expect(Number.isInteger(plugin.version) && plugin.version >= 1, 'version is a positive integer').toBe(true);
      expect(NODE_CATEGORIES).toContain(plugin.category);
      expect(plugin.title.trim().length, 'title').toBeGreaterThan(0);
      expect(plugin.description.trim().length, 'description').toBeGreaterThan(10);
      expect(typeof plugin.run).toBe('function');
    });

    it('declares named, typed ports that fit its category', () => {
      for (const [name, spec] of [...Object.entries(plugin.inputs), ...Object.entries(plugin.outputs)]) {
        expect(identifier.safeParse(name).success, `port name "${name}"`).toBe(true);
        expect(PORT_KINDS, `kind of port "${name}"`).toContain(spec.kind);
        expect(spec.title.trim().length, `title of port "${name}"`).toBeGreaterThan(0);
      }
      if (plugin.category === 'source') expect(Object.keys(plugin.inputs)).toEqual([]);
      if (plugin.category === 'sink') expect(Object.keys(plugin.outputs)).toEqual([]);
      if (plugin.category !== 'source' && plugin.category !== 'trigger') {
        expect(Object.keys(plugin.inputs).length, 'a non-source node has an input').toBeGreaterThan(0);
      }
    });

    it('has one config schema that becomes a JSON Schema form with working defaults', () => {
      expect(plugin.config).toBeInstanceOf(z.ZodObject);
      const json = configJsonSchema(plugin.config);
      expect(json.type).toBe('object');
      const config = options.validConfig ?? configDefaults(plugin.config);
      const parsed = plugin.config.safeParse(config);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    });

    it('rejects an unknown config field, naming it', () => {
      const config = { ...(options.validConfig ?? configDefaults(plugin.config)), notAnOption: 1 };
      const r = plugin.config.safeParse(config);
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain('notAnOption');
    });

    it('is announced in its package.json manifest and documented in a README', () => {
      const pkg = JSON.parse(readFileSync(join(options.packageDir, 'package.json'), 'utf8'));
      const manifest = pluginManifestSchema.parse(pkg[MANIFEST_FIELD]);
      const entry = manifest.nodes[plugin.type];
      expect(entry, `package.json "${MANIFEST_FIELD}.nodes" lists "${plugin.type}"`).toBeTruthy();
      expect(existsSync(resolve(options.packageDir, entry!)), `${entry} exists`).toBe(true);
      const readme = join(options.packageDir, 'README.md');
      expect(existsSync(readme), 'README.md exists').toBe(true);
      const text = readFileSync(readme, 'utf8');
      for (const key of Object.keys((plugin.config as z.ZodObject).shape)) {
        expect(text, `README.md documents option "${key}"`).toContain(key);
      }
    });
  });
}
