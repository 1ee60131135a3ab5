import { sql } from 'drizzle-orm';
import { graphs } from '@sluice/store/schema';
import type { DbClient } from '@sluice/store';
import { type GraphTriggers, graphTriggersOf } from './graph-triggers.ts';

/**
 * The triggers of every stored graph, read again whenever a graph was created, saved or deleted.
 * The check is one aggregate query over the graphs table, cheap enough to run per request, so an
 * edit made by any process (API, CLI, another runtime on the same store) is seen at once.
 */
export class TriggerIndex {
  private fingerprint = '';
  private entries: GraphTriggers[] = [];

  constructor(private readonly client: DbClient) {}

  /** Every graph's triggers, current. */
  all(): GraphTriggers[] {
    const fp = this.readFingerprint();
    if (fp !== this.fingerprint) {
      const rows = this.client.db.select({ id: graphs.id, revision: graphs.revision, document: graphs.document }).from(graphs).orderBy(graphs.id).all();
      this.entries = rows.map((r) => graphTriggersOf(r.id, r.revision, r.document));
      flagSharedHookPaths(this.entries);
      this.fingerprint = fp;
    }
    return this.entries;
  }

  /** Graphs whose bucket events trigger is on and whose S3 sources take this object. */
  watching(bucket: string, key: string): GraphTriggers[] {
    return this.all().filter((g) => g.triggers.bucketEvents?.enabled && g.s3Watches.some((w) => w.bucket === bucket && w.takes(key)));
  }

  /** Graphs whose enabled webhook has this path (more than one is a conflict the caller reports). */
  hooked(path: string): GraphTriggers[] {
    return this.all().filter((g) => g.triggers.webhook?.enabled && g.triggers.webhook.path === path);
  }

  private readFingerprint(): string {
    const row = this.client.db
      .select({ n: sql<number>`count(*)`, at: sql<number>`coalesce(max(${graphs.updatedAt}), 0)`, rev: sql<number>`total(${graphs.revision})` })
      .from(graphs)
      .get();
    return `${row?.n}:${row?.at}:${row?.rev}`;
  }
}

/** Two graphs with one enabled webhook path: both are refused at request time, and told here. */
function flagSharedHookPaths(entries: GraphTriggers[]): void {
  const byPath = new Map<string, string[]>();
  for (const g of entries) {
    const hook = g.triggers.webhook;
    if (hook?.enabled) byPath.set(hook.path, [...(byPath.get(hook.path) ?? []), g.graphId]);
  }
  for (const g of entries) {
    const others = (byPath.get(g.triggers.webhook?.enabled ? g.triggers.webhook.path : '') ?? []).filter((id) => id !== g.graphId);
    if (others.length) g.problems.push(`settings.triggers.webhook.path: /hooks/${g.triggers.webhook!.path} is also the path of graph ${others.map((o) => `"${o}"`).join(', ')}; requests to it are refused until one changes`);
  }
}
