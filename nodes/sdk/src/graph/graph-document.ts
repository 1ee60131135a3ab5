import { z } from 'zod';
import { canvasAnnotationsSchema } from './canvas-annotations.ts';
import { triggerSettingsSchema } from './trigger-settings.ts';

/** Graph ids, node ids and port names: short, stable, safe in URLs and file names. */
export const identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and hold only letters, digits, "_" and "-"');

export const nodeTypeName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(@[a-z0-9-]+\/)?[a-z][a-z0-9-]*$/, 'must be kebab-case, optionally scoped like "@acme/parse-foo"');

export const positionSchema = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

export const graphNodeSchema = z.strictObject({
  type: nodeTypeName,
  typeVersion: z.number().int().min(1),
  name: z.string().max(200).optional(),
  /** Kept in the graph and drawn dimmed, but left out of every run with its wires (see `activeGraph`). */
  disabled: z.boolean().optional(),
  position: positionSchema,
  /** Validated against the node type's own schema when the graph is planned. */
  config: z.record(z.string(), z.unknown()),
});

export const portRefSchema = z.strictObject({ node: identifier, port: identifier });

export const edgeSchema = z.strictObject({ from: portRefSchema, to: portRefSchema });

/** Run triggers stored with the graph. Secrets are never stored here: see `credential`. */
export const graphSettingsSchema = z
  .strictObject({
    /** Stop the whole run at the first failing file instead of recording it and going on. */
    stopOnError: z.boolean().optional(),
    /** Webhook, bucket events, schedule, polling and backfill (see trigger-settings.ts). */
    triggers: triggerSettingsSchema.optional(),
  })
  .catchall(z.unknown());

export const GRAPH_FORMAT = 'sluice-graph';
export const GRAPH_VERSION = 1;

export const graphDocumentSchema = z
  .strictObject({
    format: z.literal(GRAPH_FORMAT),
    version: z.literal(GRAPH_VERSION),
    name: z.string().min(1, 'must not be empty').max(200),
    description: z.string().max(5000).optional(),
    settings: graphSettingsSchema.optional(),
    nodes: z.record(identifier, graphNodeSchema),
    edges: z.array(edgeSchema),
    /** Sticky notes and groups: stored and exported with the graph, ignored by runs. */
    annotations: canvasAnnotationsSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    for (const id of Object.keys(doc.nodes)) {
      const r = identifier.safeParse(id);
      if (!r.success) ctx.addIssue({ code: 'custom', path: ['nodes', id], message: `node id "${id}" ${r.error.issues[0]?.message}` });
    }
    doc.edges.forEach((e, i) => {
      for (const end of ['from', 'to'] as const) {
        if (!doc.nodes[e[end].node]) {
          ctx.addIssue({ code: 'custom', path: ['edges', i, end, 'node'], message: `edge ${i} ${end} names node "${e[end].node}", which is not in the graph` });
        }
      }
    });
  });

export type GraphDocument = z.infer<typeof graphDocumentSchema>;
export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof edgeSchema>;
export type PortRef = z.infer<typeof portRefSchema>;

/** One problem found in a graph, with a JSON path to what is wrong. */
export interface GraphProblem {
  path: (string | number)[];
  message: string;
}

export function formatProblems(problems: GraphProblem[]): string {
  return problems.map((p) => (p.path.length ? `${p.path.join('.')}: ${p.message}` : p.message)).join('; ');
}

export function zodProblems(error: z.ZodError, prefix: (string | number)[] = []): GraphProblem[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: i.message,
  }));
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: GraphProblem[] };

export function parseGraphDocument(input: unknown): ParseResult<GraphDocument> {
  const r = graphDocumentSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: zodProblems(r.error) };
}

/** A document with no nodes, ready for the editor's "new graph". */
export function emptyGraph(name: string): GraphDocument {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, name, nodes: {}, edges: [] };
}
