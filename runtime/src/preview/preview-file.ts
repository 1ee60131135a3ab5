import { checkConfig, type FileItem, type FileMetadata, formatProblems, type GraphProblem, type NodeStore, type RunScope, type SecretResolver, type TableItem } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';
import { captureRun } from './capture-run.ts';
import { jsonSafeRows } from './json-safe-rows.ts';

export interface PreviewResult {
  format: string;
  schema: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  metadata: FileMetadata | null;
  warnings: string[];
}

export interface PreviewOptions {
  registry: PluginRegistry;
  /** A parse node type; default: `parse-auto` when installed, else `parse-csv`. */
  type?: string;
  config?: unknown;
  /** Rows returned (default 20, at most 1000). */
  rows?: number;
  store: NodeStore;
  secrets: SecretResolver;
  tempRoot: string;
  signal?: AbortSignal;
}

/** A preview request that cannot be served, with the problems by field (answered as 400). */
export class PreviewError extends Error {
  constructor(
    message: string,
    readonly problems: GraphProblem[] = [],
  ) {
    super(message);
    this.name = 'PreviewError';
  }
}

export const MAX_PREVIEW_ROWS = 1000;

export function defaultPreviewType(registry: PluginRegistry): string {
  return registry.get('parse-auto') ? 'parse-auto' : 'parse-csv';
}

/**
 * Runs a parse node's own `run` once on one file and returns what the editor shows: the inferred
 * schema, the first rows and the parser's metadata. The same code path as a real run, so the
 * preview never disagrees with what lands.
 */
export async function previewFile(file: FileItem, opts: PreviewOptions): Promise<PreviewResult> {
  const type = opts.type ?? defaultPreviewType(opts.registry);
  const plugin = opts.registry.get(type);
  if (!plugin) throw new PreviewError(`type: unknown node type "${type}"`, [{ path: ['type'], message: `unknown node type "${type}"` }]);
  const input = Object.entries(plugin.inputs).find(([, p]) => p.kind === 'files');
  if (plugin.category !== 'parse' || !input || !Object.values(plugin.outputs).some((p) => p.kind === 'table')) {
    throw new PreviewError(`type: "${type}" is not a parse node (files in, table out)`, [{ path: ['type'], message: `"${type}" is not a parse node` }]);
  }
  const problems = checkConfig(plugin.config, opts.config ?? {}).map((p) => ({ path: ['config', ...p.path], message: p.message }));
  if (problems.length) throw new PreviewError(`invalid config for ${type}: ${formatProblems(problems)}`, problems);
  const config = plugin.config.parse(opts.config ?? {});
  const limit = Math.min(Math.max(opts.rows ?? 20, 1), MAX_PREVIEW_ROWS);

  const common = { graphId: opts.store.graphId, store: opts.store, secrets: opts.secrets, tempRoot: opts.tempRoot, signal: opts.signal };
  const unpacked = await decompressed(file, opts.registry, common);
  try {
    const captured = await captureRun(plugin, config, { port: input[0], item: unpacked.file }, { nodeId: 'preview', ...common });
    try {
      const table = captured.items.find((i) => i.item.kind === 'table')?.item as TableItem | undefined;
      if (!table) {
        const why = captured.skipped ? `it skipped the file: ${captured.skipped}` : 'it emitted no table';
        throw new PreviewError(`${file.name}: ${type} gave nothing to preview, ${why}`);
      }
      const head = await table.frame.head(limit).collect();
      const schema = Object.entries(head.schema).map(([name, dtype]) => ({ name, type: String(dtype).replace(/^DataType\((.*)\)$/, '$1') }));
      const warnings = [...unpacked.warnings, ...captured.warnings];
      const metadata = plugin.inspect ? await plugin.inspect(config, unpacked.file, inspectScope(opts, (m) => warnings.push(m))) : null;
      return { format: table.format, schema, rows: jsonSafeRows(head.toRecords()), metadata, warnings };
    } finally {
      await captured.dispose();
    }
  } finally {
    await unpacked.dispose();
  }
}

function inspectScope(opts: PreviewOptions, warn: (m: string) => void): RunScope<undefined> {
  const silent = () => {};
  return {
    runId: 'preview',
    graphId: opts.store.graphId,
    nodeId: 'preview',
    params: {},
    signal: opts.signal ?? new AbortController().signal,
    log: { debug: silent, info: silent, warn: silent, error: silent },
    store: opts.store,
    secrets: opts.secrets,
    state: undefined,
    metrics: silent,
    progress: silent,
    warn,
  };
}

/**
 * The file as a graph would hand it to its parse node: through the installed `decompress` node
 * first (gzip and zstd detected by magic bytes; other files pass through untouched), so that a
 * sample `sales.csv.gz` previews like the graph that lands it.
 */
async function decompressed(file: FileItem, registry: PluginRegistry, common: Omit<Parameters<typeof captureRun>[3], 'nodeId'>) {
  const plugin = registry.get('decompress');
  if (!plugin) return { file, warnings: [] as string[], dispose: async () => {} };
  const captured = await captureRun(plugin, plugin.config.parse({}), { port: 'files', item: file }, { nodeId: 'decompress', ...common });
  const out = captured.items.find((i) => i.item.kind === 'file')?.item as FileItem | undefined;
  return { file: out ?? file, warnings: captured.warnings, dispose: captured.dispose };
}
