import type { z } from 'zod';
import { errorMessage } from './file-error.ts';
import { compilePatterns } from './file-patterns.ts';
import type { NodeContext, RunScope } from './node-context.ts';
import { definePlugin, type NodePlugin } from './node-plugin.ts';
import type { FileItem } from './port-items.ts';
import type { UploadFacet } from './source-facets.ts';
import { keyFactsOf, type RunKey } from './key-facts.ts';
import { runKeys } from './run-keys.ts';
import { fingerprintOf, type SourceFile } from './source-file.ts';
import { WatermarkTracker } from './watermark-tracker.ts';

/** One file as a source's listing (or a look-up of one key) describes it: nothing of its content read. */
export interface ListedEntry {
  /** Stable identity inside the source: a path relative to the folder, or an object key. */
  key: string;
  size: number;
  modifiedAt: Date;
  /** Without quotes; absent when the store gave none. */
  etag?: string;
  versionId?: string;
  /** Size, ETag and version id are a trigger's KeyFacts, not the store's; `modifiedAt` is the epoch (see `SourceFile.unconfirmed`). */
  unconfirmed?: true;
}

/** The config fields every file source has (spread `sourceFields` into its schema). */
export interface FileSourceFields {
  patterns: string[];
  mode: 'all' | 'incremental';
  lookbackSeconds: number;
}

/** What a file source's functions get besides its config and connection. */
export interface FileSourceCalls {
  signal: AbortSignal;
  /** Says that a key was left out and why (shown as a warning of the run). */
  skip(key: string, why: string): void;
  progress(p: { done: number; total?: number; unit?: string }): void;
}

/** What a source gives about its store; `defineFileSource` owns everything else. */
export interface FileSourceSpec<C extends z.ZodType<FileSourceFields>, Conn, E extends ListedEntry = ListedEntry> {
  type: string;
  version: number;
  title: string;
  description: string;
  icon?: string;
  /** Its config schema, with `sourceFields` (patterns, mode, lookbackSeconds, maxFileSize) spread in. */
  config: C;
  upgradeConfig?(config: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  /** Opens the store for one run (resolves and checks a folder, builds a client). */
  connect(config: z.output<C>, ctx: NodeContext<unknown>): Promise<Conn>;
  /** Where the source lists, for messages: `/data/landing`, `s3://bucket/prefix/`. */
  where(conn: Conn): string;
  /** A key as messages name it (`/data/landing/a.csv`, `s3://bucket/in/a.csv`). */
  nameOf(conn: Conn, key: string): string;
  /** The file's URI as recorded (`file:///…`, `s3://…`, `https://…`). */
  uri(conn: Conn, key: string): string;
  /** The part of a key that patterns match, when keys hold more than the relative path (S3: the prefix). */
  patternKey?(conn: Conn, key: string): string;
  /** Every file of the source, yielded as soon as it is known (never a whole listing held). */
  list(conn: Conn, config: z.output<C>, calls: FileSourceCalls): AsyncIterable<E>;
  /**
   * The files named by keys (a trigger's, then the run's key feed), in order; a missing one is
   * skipped. A key may come with its event's facts, which a source may take instead of asking the
   * store (then its entry is `unconfirmed`); one that cannot use them ignores them.
   */
  stat(conn: Conn, keys: AsyncIterable<RunKey>, calls: FileSourceCalls): AsyncIterable<E>;
  /** The file as it flows on: a reference whose bytes are read only when a consumer opens it. */
  open(conn: Conn, origin: SourceFile, entry: E, ctx: NodeContext<unknown>): FileItem;
  /** Called once a file has settled (processed, skipped or failed): drop what was kept for it. */
  release?(conn: Conn, origin: SourceFile): void;
  /** Closes the store at the end of the run, whatever its outcome. */
  disconnect?(conn: Conn): Promise<void> | void;
  /** Words for a failed listing (the store's error codes); without it a listing error is passed on as it is. */
  listingError?(err: unknown): string;
  /** What the source calls its files in messages (default file, files). */
  noun?: { one: string; many: string };
  /** The warning of a run that matched nothing; the default names the count and the patterns. */
  nothingMatched?(conn: Conn, s: { listed: number; given?: number; patterns: string[] }): string;
  /** How `params.keys` is described when it is not a list of non-empty strings (default "file keys"). */
  keysAre?: string;
}

interface FileSourceState<Conn> {
  conn?: Conn;
  tracker?: WatermarkTracker;
}

/**
 * A file source from what is particular to its store (list, stat and open its files, and its config
 * schema). Everything every file source repeats is here, so that a folder, a bucket, an SFTP server or
 * an HTTP index behave alike:
 *
 * - keys: a full listing, or in keys mode (`params.keys`, from a trigger) the files named, then those
 *   the run's key feed brings while it goes (`readsKeyFeed`), each once;
 * - include and exclude patterns on the key relative to the source's folder or prefix;
 * - the watermark: in incremental mode files older than the watermark minus the lookback are left out
 *   of a listing (the checkpoint still decides per file); after a complete listing the watermark moves
 *   up to the oldest file that did not succeed (WatermarkTracker); never for keys, never on cancel;
 * - progress, warnings for keys left out and for a run that matched nothing;
 * - close: the store is disconnected whatever the outcome.
 *
 * Facets (uploads, bucket events) go in `extra`, spread into the plugin.
 */
export function defineFileSource<C extends z.ZodType<FileSourceFields>, Conn, E extends ListedEntry = ListedEntry>(
  spec: FileSourceSpec<C, Conn, E>,
  extra: Partial<Omit<NodePlugin<C, FileSourceState<Conn>>, 'run' | 'open' | 'close'>> = {},
): NodePlugin<C, FileSourceState<Conn>> {
  return definePlugin<C, FileSourceState<Conn>>({
    type: spec.type,
    version: spec.version,
    category: 'source',
    title: spec.title,
    description: spec.description,
    ...(spec.icon ? { icon: spec.icon } : {}),
    config: spec.config,
    ...(spec.upgradeConfig ? { upgradeConfig: spec.upgradeConfig } : {}),
    inputs: {},
    outputs: { files: { kind: 'files', title: 'Files' } },
    readsKeyFeed: true,
    ...extra,
    ...(extra.uploads ? { uploads: warnUnmatched(extra.uploads) } : {}),

    open: () => ({}),

    async run(config, _input, ctx) {
      const conn = await spec.connect(config, ctx as NodeContext<unknown>);
      ctx.state.conn = conn;
      const where = spec.where(conn);
      const noun = spec.noun ?? { one: 'file', many: 'files' };
      const keys = triggerKeys(ctx.params, spec.keysAre ?? 'file keys');
      const matches = compilePatterns(config.patterns);
      const patternKey = spec.patternKey ?? ((_c: Conn, key: string) => key);
      const previous = await ctx.store.checkpoints.getWatermark(ctx.nodeId);
      const tracker = new WatermarkTracker(previous);
      ctx.state.tracker = tracker;
      // Only prunes listing work: the checkpoint still decides per file, and the lookback keeps late
      // files with older times in view. Files a trigger names are taken whatever their time.
      const horizon = config.mode === 'incremental' && previous && !keys ? previous.getTime() - config.lookbackSeconds * 1000 : -Infinity;
      const calls: FileSourceCalls = {
        signal: ctx.signal,
        skip: (key, why) => ctx.warn(`${spec.nameOf(conn, key)} left out: ${why}`),
        progress: (p) => ctx.progress(p),
      };

      let given = 0;
      const counted = async function* (all: AsyncIterable<RunKey>) {
        for await (const k of all) {
          given++;
          yield k;
        }
      };
      // In keys mode: the keys given, then those fed to the run while it goes.
      const listing = keys ? spec.stat(conn, counted(runKeys(keys, ctx.keyFeed, ctx.signal)), calls) : spec.list(conn, config, calls);
      let listed = 0;
      let matched = 0;
      let older = 0;
      for await (const entry of spec.listingError ? labelErrors(listing, `listing ${where} failed`, spec.listingError) : listing) {
        listed++;
        if (!matches(patternKey(conn, entry.key))) {
          if (keys) calls.skip(entry.key, `does not match ${config.patterns.join(', ')}`);
          continue;
        }
        matched++;
        if (matched % 100 === 0) ctx.progress({ done: matched, unit: 'files listed' });
        if (entry.modifiedAt.getTime() < horizon) {
          older++;
          continue;
        }
        const origin = listedSourceFile(ctx.nodeId, spec.uri(conn, entry.key), entry);
        const item = spec.open(conn, origin, entry, ctx as NodeContext<unknown>);
        tracker.emitted(origin);
        await ctx.emit('files', item, {
          onSettled: (outcome) => {
            tracker.settled(origin, outcome);
            spec.release?.(conn, origin);
          },
        });
      }
      ctx.progress({ done: matched, total: matched, unit: 'files listed' });
      if (!keys) tracker.listingCompleted();
      if (matched === 0) {
        const s = { listed, patterns: config.patterns, ...(keys ? { given } : {}) };
        ctx.warn(spec.nothingMatched ? spec.nothingMatched(conn, s) : nothingMatched(where, noun, s));
      } else {
        ctx.log.info(`listed ${matched} matching ${noun.many} in ${where}`, { listed, matched, olderThanWatermark: older, watermark: previous?.toISOString() });
      }
    },

    async close(_config, scope: RunScope<FileSourceState<Conn>>, status) {
      const { conn, tracker } = scope.state;
      if (conn !== undefined) await spec.disconnect?.(conn);
      if (!tracker || status === 'cancelled') return;
      const next = await tracker.next(scope.store.checkpoints, scope.nodeId);
      if (next) await scope.store.transaction((tx) => tx.checkpoints.setWatermark(scope.nodeId, next));
    },
  });
}

/** Uploads that a run would not pick up (the name does not match the patterns) land with a warning saying so. */
function warnUnmatched<C extends FileSourceFields>(uploads: UploadFacet<C>): UploadFacet<C> {
  return {
    async land(config, file, ctx) {
      const landed = await uploads.land(config, file, ctx);
      const warnings = [...(landed.warnings ?? [])];
      if (!compilePatterns(config.patterns)(file.name)) {
        warnings.push(`"${file.name}" does not match the patterns of "${ctx.nodeId}" (${config.patterns.join(', ')}): a run will not pick it up`);
      }
      return { key: landed.key, warnings };
    },
  };
}

/**
 * The identity of a listed file, from the listing alone. The fingerprint leaves the version id out:
 * a listing has none, a look-up by key (bucket events) may, and the same file must get the same
 * fingerprint either way, or an event would process it a second time.
 */
export function listedSourceFile(sourceNode: string, uri: string, e: ListedEntry): SourceFile {
  return {
    sourceNode,
    key: e.key,
    uri,
    size: e.size,
    modifiedAt: e.modifiedAt,
    ...(e.etag ? { etag: e.etag } : {}),
    ...(e.versionId ? { versionId: e.versionId } : {}),
    fingerprint: fingerprintOf({ size: e.size, modifiedAt: e.modifiedAt, ...(e.etag ? { etag: e.etag } : {}) }),
    ...(e.unconfirmed ? { unconfirmed: true } : {}),
  };
}

/**
 * `params.keys` as given by a trigger: absent, or a list of non-empty strings; each with its facts
 * from `params.keyFacts` (key -> KeyFacts, given by bucket events) when they are there and valid.
 */
export function triggerKeys(params: Readonly<Record<string, unknown>>, keysAre = 'file keys'): RunKey[] | undefined {
  const keys = params.keys;
  if (keys === undefined) return undefined;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k === '')) {
    throw new Error(`run parameter "keys" must be a list of ${keysAre}`);
  }
  const table = params.keyFacts;
  const facts = typeof table === 'object' && table !== null && !Array.isArray(table) ? (table as Record<string, unknown>) : undefined;
  return (keys as string[]).map((key) => {
    const f = facts && Object.hasOwn(facts, key) ? keyFactsOf(facts[key]) : undefined;
    return f ? { key, facts: f } : { key };
  });
}

function nothingMatched(where: string, noun: { one: string; many: string }, s: { listed: number; given?: number; patterns: string[] }): string {
  return s.listed === 0
    ? `no ${noun.one} in ${where}${s.given !== undefined ? ` among the ${s.given} keys given` : ''}: nothing to ingest`
    : `none of the ${s.listed} ${noun.many} in ${where} matches ${s.patterns.join(', ')}: nothing to ingest`;
}

/** Errors of the listing itself (not of the emits between its items) get `what` and the store's words. */
async function* labelErrors<T>(items: AsyncIterable<T>, what: string, describe: (err: unknown) => string): AsyncGenerator<T> {
  const it = items[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = await it.next();
    } catch (err) {
      throw new Error(`${what}: ${describe(err) || errorMessage(err)}`, { cause: err });
    }
    if (next.done) return;
    yield next.value;
  }
}
