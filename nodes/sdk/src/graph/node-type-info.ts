import type { PortSpecs } from './port-kinds.ts';

export const NODE_CATEGORIES = ['source', 'checkpoint', 'decompress', 'parse', 'transform', 'sink', 'trigger'] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

/**
 * A node type as the runtime describes it at `GET /api/node-types`: everything the editor needs to
 * draw, wire and configure a node, with no plugin code. `configSchema` is JSON Schema generated from
 * the plugin's one zod schema.
 */
export interface NodeTypeInfo {
  type: string;
  version: number;
  category: NodeCategory;
  title: string;
  description: string;
  /** A short name of an icon (e.g. "folder", "file-text"); the editor maps it, with a fallback. */
  icon?: string;
  inputs: PortSpecs;
  outputs: PortSpecs;
  configSchema: Record<string, unknown>;
  /** The config a new node starts with: the schema's defaults. */
  defaults: Record<string, unknown>;
  /** The npm package that provides the type. */
  package: { name: string; version: string };
}
