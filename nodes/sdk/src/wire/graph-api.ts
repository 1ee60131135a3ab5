import { z } from 'zod';
import { graphDocumentSchema } from '../graph/graph-document.ts';
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
  })
  .meta({ id: 'Graph' });
export type GraphRecord = z.infer<typeof graphRecordSchema>;

/** A graph in the list: its record without the document, with the number of its nodes. */
export const graphSummarySchema = graphRecordSchema.omit({ document: true }).extend({ nodes: z.number().int() }).meta({ id: 'GraphSummary' });
export type GraphSummary = z.infer<typeof graphSummarySchema>;

export const graphPageSchema = pageSchema(graphSummarySchema);
