import type { AnyNodePlugin, FileMetadata, RunScope, TableItem } from '@sluice/sdk';
import { jsonSafeRows } from './json-safe-rows.ts';
import { PreviewError } from './preview-error.ts';
import type { PreviewGraph } from './preview-graph.ts';
import { tapRun, type TapRunDeps } from './tap-run.ts';

export interface PreviewResult {
  format: string;
  schema: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  metadata: FileMetadata | null;
  warnings: string[];
}

export interface PreviewTableOptions extends TapRunDeps {
  plugin(type: string): AnyNodePlugin | undefined;
  /** Rows shown. */
  limit: number;
  /** The file as messages name it. */
  label: string;
  /** The error when the source gave no file at all (a key it does not have). */
  noFile?(warnings: string[]): Error;
}

/**
 * Runs the preview graph through the executor up to its parse node and returns what the editor
 * shows of the parse node's first table: the inferred schema, the first `limit` rows and the
 * parser's metadata. The run writes nothing and stops once it has them; the file, its download
 * and its temporary files are read before anything of the run is closed.
 */
export async function previewTable(graph: PreviewGraph, o: PreviewTableOptions): Promise<PreviewResult> {
  const { parse } = graph;
  let result: Omit<PreviewResult, 'warnings'> | undefined;
  let skipped: string | undefined;
  const run = await tapRun(
    graph.doc,
    o.plugin,
    {
      node: parse.id,
      async emitted(output, from) {
        if (output.item.kind !== 'table') return 'more';
        result = await tableOf(output.item, o.limit);
        const file = from.input?.item;
        const inspect = parse.plugin.inspect;
        result.metadata = inspect && file?.kind === 'file' ? await inspect(parse.config, file, from.scope as RunScope<undefined>) : null;
        return 'enough';
      },
      skipped: (reason) => void (skipped ??= reason),
    },
    o,
  );
  if (result) return { ...result, warnings: run.warnings };
  if (run.failure) throw run.failure.error;
  const [error] = run.summary.errors;
  if (error) throw new Error(error.message);
  if (o.noFile && !run.summary.nodes[graph.source]?.filesOut) throw o.noFile(run.warnings);
  const why = skipped ? `it skipped the file: ${skipped}` : 'it emitted no table';
  throw new PreviewError(`${o.label}: ${parse.type} gave nothing to preview, ${why}`);
}

async function tableOf(table: TableItem, limit: number): Promise<Omit<PreviewResult, 'warnings'>> {
  const head = await table.frame.head(limit).collect();
  const schema = Object.entries(head.schema).map(([name, dtype]) => ({ name, type: String(dtype).replace(/^DataType\((.*)\)$/, '$1') }));
  return { format: table.format, schema, rows: jsonSafeRows(head.toRecords()), metadata: null };
}
