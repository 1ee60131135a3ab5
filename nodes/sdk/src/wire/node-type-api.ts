import { z } from 'zod';
import { NODE_CATEGORIES, type NodeTypeInfo } from '../graph/node-type-info.ts';
import { PORT_KINDS, type PortSpec } from '../graph/port-kinds.ts';

export const portSpecSchema = z.object({
  kind: z.enum(PORT_KINDS),
  title: z.string(),
  required: z.boolean().optional(),
  description: z.string().optional(),
}) satisfies z.ZodType<PortSpec>;

/** A node type as `GET /api/node-types` describes it (the schema of `NodeTypeInfo`). */
export const nodeTypeInfoSchema = z
  .object({
    type: z.string(),
    version: z.number().int(),
    category: z.enum(NODE_CATEGORIES),
    title: z.string(),
    description: z.string(),
    icon: z.string().optional(),
    inputs: z.record(z.string(), portSpecSchema),
    outputs: z.record(z.string(), portSpecSchema),
    configSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the config, from the plugin zod schema'),
    defaults: z.record(z.string(), z.unknown()),
    package: z.object({ name: z.string(), version: z.string() }),
  })
  .meta({ id: 'NodeType' }) satisfies z.ZodType<NodeTypeInfo>;

/** A plugin package refused at start-up, and why. */
export const pluginProblemSchema = z.object({ package: z.string(), dir: z.string(), message: z.string() });
export type PluginProblem = z.infer<typeof pluginProblemSchema>;

export const nodeTypeListSchema = z.object({
  items: z.array(nodeTypeInfoSchema),
  problems: z.array(pluginProblemSchema).describe('Plugin packages refused at start-up, and why'),
});

/**
 * `GET /api/node-types/{type}/help`: the README.md of the package that provides the type, as the
 * package wrote it. It is a third party's text: render it as markdown without raw HTML.
 */
export const nodeTypeHelpSchema = z
  .object({
    type: z.string(),
    package: z.object({ name: z.string(), version: z.string() }),
    markdown: z.string().describe("The package's README.md (CommonMark), at most 256 KiB"),
  })
  .meta({ id: 'NodeTypeHelp' });
export type NodeTypeHelp = z.infer<typeof nodeTypeHelpSchema>;
