import { type AnyNodePlugin, checkConfig, type FileItem, formatProblems, type NodeStore, type SecretResolver } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';
import { PreviewError } from './preview-error.ts';
import { chainGraph, type ParseStep } from './preview-graph.ts';
import { previewTable, type PreviewResult } from './preview-table.ts';
import { SAMPLE_SOURCE_TYPE, sampleSource } from './sample-source.ts';

export { PreviewError } from './preview-error.ts';
export type { PreviewResult } from './preview-table.ts';

export interface PreviewOptions {
  registry: PluginRegistry;
  /** A parse node type; default: see defaultPreviewType. */
  type?: string;
  config?: unknown;
  /** Rows returned (default 20, at most 1000). */
  rows?: number;
  store: NodeStore;
  secrets: SecretResolver;
  tempRoot: string;
  signal?: AbortSignal;
}

export const MAX_PREVIEW_ROWS = 1000;

/** The rows a preview shows: 20 unless asked, from 1 to MAX_PREVIEW_ROWS. */
export const previewRows = (rows: number | undefined): number => Math.min(Math.max(rows ?? 20, 1), MAX_PREVIEW_ROWS);

/**
 * The parse type a preview uses when none is asked, found by facet: the parser that reads any
 * format some installed plugin detects (`autoDetects`), else the first parser that detects its own
 * format (`detect`), else the first installed parser (category parse, files in, a table out).
 */
export function defaultPreviewType(registry: PluginRegistry): string {
  const chosen =
    registry.withFacet('autoDetects').find(isParser) ??
    registry.withFacet('detect').find(isParser) ??
    registry
      .list()
      .map((i) => registry.get(i.type)!)
      .find(isParser);
  if (!chosen) throw new PreviewError('type: no parse node type is installed', [{ path: ['type'], message: 'no parse node type is installed' }]);
  return chosen.type;
}

/** A parser: category parse, reading files and giving a table. */
function isParser(p: AnyNodePlugin): boolean {
  return p.category === 'parse' && Object.values(p.inputs).some((x) => x.kind === 'files') && Object.values(p.outputs).some((x) => x.kind === 'table');
}

/** The asked parse node, checked: an installed parse plugin (files in, table out) and a config it accepts. */
export function parseStep(registry: PluginRegistry, type: string, config: unknown = {}): ParseStep {
  const plugin = registry.get(type);
  if (!plugin) throw new PreviewError(`type: unknown node type "${type}"`, [{ path: ['type'], message: `unknown node type "${type}"` }]);
  if (!isParser(plugin)) {
    throw new PreviewError(`type: "${type}" is not a parse node (files in, table out)`, [{ path: ['type'], message: `"${type}" is not a parse node` }]);
  }
  const problems = checkConfig(plugin.config, config).map((p) => ({ path: ['config', ...p.path], message: p.message }));
  if (problems.length) throw new PreviewError(`invalid config for ${type}: ${formatProblems(problems)}`, problems);
  return { type, plugin, rawConfig: config, config: plugin.config.parse(config) };
}

/**
 * Parses one file (an upload, a file on this machine) as a graph would: a source that emits it, the
 * installed decompressors, then the parse node, run by the executor with a store that refuses every
 * write. The same code path as a real run, so the preview never disagrees with what lands.
 */
export async function previewFile(file: FileItem, opts: PreviewOptions): Promise<PreviewResult> {
  const parse = parseStep(opts.registry, opts.type ?? defaultPreviewType(opts.registry), opts.config);
  const source = sampleSource(file);
  const graph = chainGraph(
    { id: 'sample', plugin: source, node: { type: SAMPLE_SOURCE_TYPE, typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
    parse,
    opts.registry,
  );
  return previewTable(graph, {
    plugin: (type) => (type === SAMPLE_SOURCE_TYPE ? source : opts.registry.get(type)),
    limit: previewRows(opts.rows),
    label: file.name,
    plugins: opts.registry,
    pluginModule: (type) => opts.registry.moduleOf(type),
    store: opts.store,
    secrets: opts.secrets,
    tempRoot: opts.tempRoot,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
