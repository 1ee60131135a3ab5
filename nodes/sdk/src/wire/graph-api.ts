import { z } from 'zod';
import { graphDocumentSchema } from '../graph/graph-document.ts';
import { problemSchema } from './api-error.ts';
import { pageSchema } from './page.ts';

/** A stored graph: `GET /api/graphs/{id}` and the answer to every write. */
export const graphRecordSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    document: graphDocumentSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    revision: z.number().int().describe('Grows on every save; send it back with PUT to refuse lost updates'),
    problems: z
      .array(problemSchema)
      .optional()
      .describe('Why the graph cannot run yet (a draft: unknown node types, invalid configs, unwired inputs...); empty when it can'),
  })
  .meta({ id: 'Graph' });
export type GraphRecord = z.infer<typeof graphRecordSchema>;

/** A graph in the list: its record without the document, with the number of its nodes and whether it is a draft. */
export const graphSummarySchema = graphRecordSchema
  .omit({ document: true, problems: true })
  .extend({ nodes: z.number().int(), draft: z.boolean().optional().describe('True when the graph cannot run yet (see `problems` of the graph)') })
  .meta({ id: 'GraphSummary' });
export type GraphSummary = z.infer<typeof graphSummarySchema>;

export const graphPageSchema = pageSchema(graphSummarySchema);
