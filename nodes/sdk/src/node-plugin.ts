import type { z } from 'zod';
import type { NodeCategory } from './graph/node-type-info.ts';
import type { PortSpecs } from './graph/port-kinds.ts';
import type { FormatDetection } from './format-detection.ts';
import type { FileItem, PortItem } from './port-items.ts';
import type { NodeContext, RunScope } from './node-context.ts';
import type { BucketEventsFacet, UploadFacet } from './source-facets.ts';
import type { StorageRecoveryFacet } from './storage-recovery.ts';
import type { LandedSampleFacet } from './landed-sample.ts';
import type { BatchFacet } from './batch-facet.ts';
import type { ThreadFunction } from './plugin-threads.ts';

export interface NodeInput {
  port: string;
  item: PortItem;
}

/** What a parse node tells about a file in a preview, beyond its schema and rows. */
export type FileMetadata = Record<string, string | number | boolean | null | string[]>;

/**
 * The one contract every node package implements. Code gets everything as arguments: its config
 * (already validated and typed by `config`), its input, and a context. No globals, no `this`.
 *
 * The executor calls `open` once per run, then `run` once per input item (up to `concurrency` at a
 * time), or exactly once for a node without inputs (a source), then `close`. It owns queues,
 * counters, logs, cancellation and the per-file commit; node code owns only its transformation.
 */
export interface NodePlugin<C extends z.ZodType = z.ZodType, S = unknown> {
  /** Stored in graphs forever: kebab-case, never renamed. */
  type: string;
  /** Version of the config schema. `upgradeConfig` migrates configs saved by older versions. */
  version: number;
  category: NodeCategory;
  title: string;
  description: string;
  icon?: string;
  /** One zod schema: the editor's form (as JSON Schema), API checks and run-time types. */
  config: C;
  upgradeConfig?(config: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  inputs: PortSpecs;
  outputs: PortSpecs;
  /**
   * For sources: in keys mode (`params.keys`) the source also takes keys from `ctx.keyFeed` until it
   * closes. Only such a source is fed keys while it runs; any other is left to runs of its own.
   */
  readsKeyFeed?: boolean;
  /** Items processed at once; a number, or read from the config. Default 1. */
  concurrency?: number | ((config: z.output<C>) => number);
  open?(config: z.output<C>, scope: RunScope<undefined>): S | Promise<S>;
  run(config: z.output<C>, input: NodeInput | null, ctx: NodeContext<S>): Promise<void>;
  close?(config: z.output<C>, scope: RunScope<S>, status: 'succeeded' | 'failed' | 'cancelled'): Promise<void>;
  /** For parse nodes: metadata of a file shown in previews (row groups, codec, sheets...). */
  inspect?(config: z.output<C>, file: FileItem, scope: RunScope<undefined>): Promise<FileMetadata>;
  /*
   * Facets: optional capabilities the host and other plugins ask for (`scope.plugins.withFacet(...)`,
   * `registry.withFacet(...)`) instead of naming types. With the category they answer what a host
   * needs: a parser is category 'parse' with a table output; a decompressor is category 'decompress';
   * a parser that `detect`s reads files of its format for an auto parser; an auto parser
   * (`autoDetects`) is the one to preview an unknown file with.
   */
  /** For parse nodes that read one format: detection of that format (see format-detection.ts). */
  detect?: FormatDetection;
  /** For parse nodes: reads any format some installed plugin `detect`s, picking per file (the preview default). */
  autoDetects?: true;
  /** For sources: accepts uploads into its landing area (a folder, a bucket prefix). See source-facets.ts. */
  uploads?: UploadFacet<z.output<C>>;
  /** For sources: watches a bucket for events (which bucket, prefix and keys). See source-facets.ts. */
  bucketEvents?: BucketEventsFacet;
  /** For sinks: brings the storage they wrote back in line with the store at the runtime's start. See storage-recovery.ts. */
  recoversStorage?: StorageRecoveryFacet;
  /** For sinks: reads a run's landed rows back from the table (first rows, columns, source files). See landed-sample.ts. */
  readsBack?: LandedSampleFacet;
  /** For nodes whose cost is per call: takes several items at once (one part, one commit for many small files). See batch-facet.ts. */
  batches?: BatchFacet<z.output<C>, S>;
  /**
   * Functions of plain data (arguments and results pass by structured clone) that the runtime runs
   * on worker threads, importing the plugin's own module there; they must not rely on module state
   * of the main thread. The plugin calls them through `scope.runOnThread(name, payload)`, and calls
   * the function itself when the scope has no `runOnThread` (a hand-made scope, a plugin given as a
   * value rather than discovered). See plugin-threads.ts.
   */
  threads?: Record<string, ThreadFunction>;
}

/** Keeps the config type when a plugin is declared as a plain object. */
export function definePlugin<C extends z.ZodType, S = undefined>(plugin: NodePlugin<C, S>): NodePlugin<C, S> {
  return plugin;
}

/** Any plugin, with its config type erased (what registries and executors hold). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodePlugin = NodePlugin<z.ZodType, any>;
