import { formatProblems, identifier, NODE_CATEGORIES, PORT_KINDS, zodProblems, type AnyNodePlugin } from '@sluice/sdk';
import { z } from 'zod';

const portSpec = z.object({
  kind: z.enum(PORT_KINDS),
  title: z.string().min(1),
  required: z.boolean().optional(),
  description: z.string().optional(),
});

const isFunction = (v: unknown) => typeof v === 'function';
const optionalFunction = z.custom<unknown>(isFunction, 'must be a function').optional();

/**
 * What the runtime checks of a module's default export before registering it. The config schema is
 * checked by duck type, not `instanceof`: a plugin installed outside the workspace may carry its own
 * copy of zod 4, whose schemas work the same.
 */
const pluginShape = z.object({
  type: z.string(),
  version: z.number().int().min(1),
  category: z.enum(NODE_CATEGORIES),
  title: z.string().min(1),
  description: z.string().min(1),
  icon: z.string().optional(),
  config: z.custom<unknown>(
    (v) => !!v && typeof v === 'object' && isFunction((v as z.ZodType).safeParse) && (v as { _zod?: { def?: { type?: string } } })._zod?.def?.type === 'object',
    'must be a zod 4 object schema',
  ),
  inputs: z.record(identifier, portSpec),
  outputs: z.record(identifier, portSpec),
  concurrency: z.union([z.number().int().min(1), z.custom<unknown>(isFunction)]).optional(),
  run: z.custom<unknown>(isFunction, 'must be a function'),
  open: optionalFunction,
  close: optionalFunction,
  inspect: optionalFunction,
  upgradeConfig: optionalFunction,
  threads: z.record(z.string(), z.custom<unknown>(isFunction, 'must be a function')).optional(),
});

/** Problems of a module's default export as the plugin of node type `type`; none means usable. */
export function checkPluginShape(value: unknown, type: string): string | undefined {
  if (!value || typeof value !== 'object') return `the module has no default export object (got ${value === null ? 'null' : typeof value})`;
  const r = pluginShape.safeParse(value);
  if (!r.success) return `the default export is not a valid node plugin: ${formatProblems(zodProblems(r.error))}`;
  const plugin = value as AnyNodePlugin;
  if (plugin.type !== type) return `the manifest lists node type "${type}" but the module's plugin has type "${plugin.type}"`;
  return undefined;
}
