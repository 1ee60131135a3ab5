import type { AnyNodePlugin, NodeContext, PortItem } from '@sluice/sdk';
import type { AsyncQueue } from './async-queue.ts';
import type { FileLineage } from './file-lineage.ts';
import type { NodeStats } from './run-types.ts';

/** An item on its way into a node's input port, with the file it belongs to. */
export interface Delivery {
  port: string;
  item: PortItem;
  lineage: FileLineage;
}

/** A node of a running graph: its plugin, parsed config, state, input queue and counters. */
export interface RunNode {
  id: string;
  plugin: AnyNodePlugin;
  config: unknown;
  state: unknown;
  concurrency: number;
  queue: AsyncQueue<Delivery>;
  upstreamLeft: number;
  stats: NodeStats;
  /** Files it received that failed at an earlier node (their error surfaced here, reading its bytes). */
  failedElsewhere: number;
  /** The node's context outside of files, made once it is open (with its state): every item's context starts from it. */
  context?: NodeContext<unknown>;
}
