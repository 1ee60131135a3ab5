import { compilePatterns, type GraphDocument, triggerSettingsSchema, type TriggerSettings } from '@sluice/sdk';

/** What one S3 source node of a graph watches; a bucket event for a key it takes starts a run. */
export interface S3Watch {
  nodeId: string;
  bucket: string;
  prefix: string;
  /** Whether the source takes this key: under the prefix, and the rest matching its patterns. */
  takes(key: string): boolean;
}

/** A graph's triggers as read from its document, with what could not be read. */
export interface GraphTriggers {
  graphId: string;
  revision: number;
  triggers: TriggerSettings;
  s3Watches: S3Watch[];
  problems: string[];
}

/** The node type whose config is read for bucket events; its config shape is nodes/source-s3's. */
export const S3_SOURCE_TYPE = 'source-s3';

/**
 * Reads `settings.triggers` and the S3 sources of a graph. Prefix and pattern defaults are the
 * source-s3 plugin's (`''` and `['**\/*']`), and keys are matched exactly as that source matches
 * them (patterns on the key relative to the prefix), so an event starts a run only for an object
 * the run will take.
 */
export function graphTriggersOf(graphId: string, revision: number, doc: GraphDocument): GraphTriggers {
  const problems: string[] = [];
  const parsed = triggerSettingsSchema.safeParse(doc.settings?.triggers ?? {});
  if (!parsed.success) problems.push(`settings.triggers: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const s3Watches: S3Watch[] = [];
  for (const [nodeId, node] of Object.entries(doc.nodes)) {
    if (node.type !== S3_SOURCE_TYPE) continue;
    const { bucket, prefix = '', patterns = ['**/*'] } = node.config as { bucket?: unknown; prefix?: unknown; patterns?: unknown };
    if (typeof bucket !== 'string' || typeof prefix !== 'string' || !Array.isArray(patterns) || patterns.some((p) => typeof p !== 'string')) {
      problems.push(`node "${nodeId}": the S3 source config has no valid bucket, prefix and patterns`);
      continue;
    }
    const matches = compilePatterns(patterns as string[]);
    s3Watches.push({ nodeId, bucket, prefix, takes: (key) => key.startsWith(prefix) && matches(key.slice(prefix.length)) });
  }
  const triggers = parsed.success ? parsed.data : {};
  if (triggers.bucketEvents?.enabled && !s3Watches.length) problems.push(`settings.triggers.bucketEvents: enabled, but the graph has no ${S3_SOURCE_TYPE} node, so no bucket event can start it`);
  return { graphId, revision, triggers, s3Watches, problems };
}
