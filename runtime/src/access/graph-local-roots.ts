import { isAbsolute, resolve } from 'node:path';
import { isInside } from '@sluice/sdk';

/**
 * The local folders a graph document names in its node configs: `folder` (a local source's input,
 * relative to the graph's folder) and a relative `root` (a Bronze root, relative to the data folder,
 * as the sink resolves it). Read from the document as data, by field name, so that the runtime needs
 * no knowledge of any node type; an `s3://` root or any other URL is not a folder.
 *
 * Used for the shipped examples (their inputs and Bronze folders are default roots) and for
 * `sluice run <graph.json>` (the graph's relative Bronze folder may be written).
 */
export function graphLocalRoots(doc: unknown, o: { graphDir: string; dataDir: string }): { inputs: string[]; outputs: string[] } {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!nodes || typeof nodes !== 'object') return { inputs, outputs };
  for (const node of Object.values(nodes)) {
    const config = (node as { config?: unknown } | null)?.config as Record<string, unknown> | undefined;
    if (!config || typeof config !== 'object') continue;
    if (isLocalPath(config.folder)) inputs.push(resolve(o.graphDir, config.folder));
    // Only relative roots that stay under the data folder: they are the graph's own Bronze folder. An
    // absolute root, or a relative one that climbs out with `..`, is somewhere else on the machine,
    // which only the settings may open.
    if (isLocalPath(config.root) && !isAbsolute(config.root)) {
      const root = resolve(o.dataDir, config.root);
      if (isInside(root, resolve(o.dataDir))) outputs.push(root);
    }
  }
  return { inputs, outputs };
}

const isLocalPath = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v);
