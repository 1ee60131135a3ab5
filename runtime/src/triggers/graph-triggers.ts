import { activeGraph, type AnyNodePlugin, type BucketWatch, type GraphDocument, triggerSettingsSchema, type TriggerSettings } from '@sluice/sdk';

/** What one source node of a graph watches; a bucket event for a key it takes starts a run. */
export interface S3Watch extends BucketWatch {
  nodeId: string;
}

/** The installed plugins, as the trigger index asks them (the plugin registry is one). */
export interface PluginLookup {
  get(type: string): AnyNodePlugin | undefined;
  list(): { type: string }[];
}

/** A graph's triggers as read from its document, with what could not be read. */
export interface GraphTriggers {
  graphId: string;
  revision: number;
  triggers: TriggerSettings;
  s3Watches: S3Watch[];
  problems: string[];
  /** Set when the graph is a draft: why it cannot run (naming the node and the problem); its triggers start nothing. */
  cannotRun?: string;
}

/** Why a stored graph cannot run, or undefined when it can (run-refusal.ts's `runBlocker`). */
export type RunBlocker = (graphId: string, doc: GraphDocument) => string | undefined;

/**
 * Reads `settings.triggers` and what each source node of the graph watches for bucket events. The
 * host does not know which sources watch buckets nor how their configs read: it asks each node's
 * plugin for its bucket-events facet (`plugin.bucketEvents.watch(config)`), which matches keys
 * exactly as a run of the node takes them, so that an event starts a run only for an object the
 * run will take.
 */
export function graphTriggersOf(graphId: string, revision: number, doc: GraphDocument, plugins: PluginLookup): GraphTriggers {
  const problems: string[] = [];
  const parsed = triggerSettingsSchema.safeParse(doc.settings?.triggers ?? {});
  if (!parsed.success) problems.push(`settings.triggers: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const s3Watches: S3Watch[] = [];
  // A disabled source listens to nothing: its runs would not read it.
  for (const [nodeId, node] of Object.entries(activeGraph(doc).nodes)) {
    const facet = plugins.get(node.type)?.bucketEvents;
    if (!facet) continue;
    try {
      s3Watches.push({ ...facet.watch(node.config), nodeId });
    } catch (err) {
      problems.push(`node "${nodeId}": ${(err as Error).message}`);
    }
  }
  const triggers = parsed.success ? parsed.data : {};
  if (triggers.bucketEvents?.enabled && !s3Watches.length) {
    const watchers = plugins
      .list()
      .map((p) => p.type)
      .filter((type) => plugins.get(type)?.bucketEvents);
    problems.push(
      `settings.triggers.bucketEvents: enabled, but the graph has no ${watchers.join(' or ') || 'bucket-watching source'} node, so no bucket event can start it`,
    );
  }
  return { graphId, revision, triggers, s3Watches, problems };
}
