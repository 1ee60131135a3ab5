import type { GraphRepository } from '@sluice/store';
import { type GraphTriggers, graphTriggersOf, type PluginLookup, type RunBlocker } from './graph-triggers.ts';

/**
 * The triggers of every stored graph, read again whenever a graph was created, saved or deleted.
 * The check is the graphs' change mark, cheap enough to ask per request, so an edit made by any
 * process (API, CLI, another runtime on the same store) is seen at once.
 */
export class TriggerIndex {
  private fingerprint = '';
  private entries: GraphTriggers[] = [];

  constructor(
    private readonly graphs: Pick<GraphRepository, 'documents' | 'changeMark'>,
    /** The installed plugins: which sources watch buckets is theirs to say (their bucket-events facet). */
    private readonly plugins: PluginLookup,
    /** Finds the drafts: a graph that cannot run is listed with why, and its triggers start nothing. */
    private readonly blocker?: RunBlocker,
  ) {}

  /** Every graph's triggers, current. */
  async all(): Promise<GraphTriggers[]> {
    const fp = await this.graphs.changeMark();
    if (fp !== this.fingerprint) {
      const entries = (await this.graphs.documents()).map((r) => {
        const g = graphTriggersOf(r.id, r.revision, r.document, this.plugins);
        const cannotRun = this.blocker?.(r.id, r.document);
        return cannotRun ? { ...g, cannotRun, problems: [...g.problems, cannotRun] } : g;
      });
      flagSharedHookPaths(entries);
      // Set together: a caller that read the graphs at another mark meanwhile leaves a pair that matches.
      this.entries = entries;
      this.fingerprint = fp;
    }
    return this.entries;
  }

  /** Graphs whose bucket events trigger is on and whose S3 sources take this object. */
  async watching(bucket: string, key: string): Promise<GraphTriggers[]> {
    return (await this.all()).filter((g) => g.triggers.bucketEvents?.enabled && g.s3Watches.some((w) => w.bucket === bucket && w.takes(key)));
  }

  /** Graphs whose enabled webhook has this path (more than one is a conflict the caller reports). */
  async hooked(path: string): Promise<GraphTriggers[]> {
    return (await this.all()).filter((g) => g.triggers.webhook?.enabled && g.triggers.webhook.path === path);
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
    if (others.length)
      g.problems.push(
        `settings.triggers.webhook.path: /hooks/${g.triggers.webhook!.path} is also the path of graph ${others.map((o) => `"${o}"`).join(', ')}; requests to it are refused until one changes`,
      );
  }
}
