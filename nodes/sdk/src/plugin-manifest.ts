import { z } from 'zod';
import { nodeTypeName } from './graph/graph-document.ts';

/**
 * The field a node package puts in its package.json, read before any of its code is loaded:
 *   "sluice": { "apiVersion": 1, "nodes": { "parse-csv": "./src/index.ts" } }
 * Each module's default export is the NodePlugin of that type.
 */
export const PLUGIN_API_VERSION = 1;
export const MANIFEST_FIELD = 'sluice';

export const pluginManifestSchema = z.strictObject({
  apiVersion: z.literal(PLUGIN_API_VERSION, { error: `apiVersion must be ${PLUGIN_API_VERSION}` }),
  nodes: z.record(nodeTypeName, z.string().min(1)).refine((n) => Object.keys(n).length > 0, 'must list at least one node type'),
});

export type PluginManifest = z.infer<typeof pluginManifestSchema>;
