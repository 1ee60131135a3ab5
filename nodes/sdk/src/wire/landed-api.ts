import { z } from 'zod';

/** A cell of a sampled row as JSON carries it: big integers beyond 2^53, dates and bytes as text. */
export const sampleCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What one sink landed in one run, read back from its table (`readsBack` facet). */
export const landedSampleSchema = z
  .object({
    /** The table's location: `file:///root/table` or `s3://bucket/prefix/table`. */
    table: z.string(),
    /** Rows of this run still in the table (a file landed again by a later run counts there). */
    rowsLanded: z.number().int(),
    /** The source files whose rows this run landed, with their parts; the first `files.length` of `filesTotal`. */
    files: z.array(z.object({ sourceNode: z.string(), key: z.string(), rows: z.number().int(), part: z.string() })),
    filesTotal: z.number().int(),
    /** The columns of the table as its sampled parts were written (name and Bronze type). */
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    /** The first rows of this run's parts, in part order, read back from storage. */
    rows: z.array(z.record(z.string(), sampleCellSchema)),
    /** Whether the row or size limit cut the sample short of the rows landed. */
    truncated: z.boolean(),
  })
  .meta({ id: 'LandedSample' });
export type LandedSample = z.infer<typeof landedSampleSchema>;

/** `GET /api/runs/{id}/landed`: per sink node of the run's graph, its sample or why there is none. */
export const runLandedSchema = z
  .object({
    runId: z.string(),
    sinks: z.array(z.union([z.object({ node: z.string(), sample: landedSampleSchema }), z.object({ node: z.string(), error: z.string() })])),
  })
  .meta({ id: 'RunLanded' });
export type RunLanded = z.infer<typeof runLandedSchema>;
