import type { GraphDocument, GraphNode } from '@sluice/sdk';

const at = (x: number) => ({ x, y: 0 });

export function node(type: string, config: Record<string, unknown> = {}, x = 0): GraphNode {
  return { type, typeVersion: 1, position: at(x), config };
}

export function graph(name: string, nodes: Record<string, GraphNode>, edges: [string, string, string, string][] = []): GraphDocument {
  return {
    format: 'sluice-graph',
    version: 1,
    name,
    nodes,
    edges: edges.map(([fn, fp, tn, tp]) => ({ from: { node: fn, port: fp }, to: { node: tn, port: tp } })),
  };
}

/** source-local -> decompress: runs with the built-in plugins alone. */
export function filesGraph(folder = 'input'): GraphDocument {
  return graph('Files', { src: node('source-local', { folder, patterns: ['*.txt'] }), unzip: node('decompress', {}, 200) }, [
    ['src', 'files', 'unzip', 'files'],
  ]);
}

/** source-local (`*.csv` in `folder`) -> parse-csv -> bronze-sink (table `orders`): lands rows with the built-in plugins alone. */
export function ordersGraph(folder = 'landing/orders'): GraphDocument {
  return graph(
    'Orders',
    {
      src: node('source-local', { folder, patterns: ['*.csv'] }),
      csv: node('parse-csv', {}, 200),
      sink: node('bronze-sink', { table: 'orders' }, 400),
    },
    [
      ['src', 'files', 'csv', 'files'],
      ['csv', 'table', 'sink', 'table'],
    ],
  );
}

/**
 * source-local (`*.csv` in `folder`) -> checkpoint -> parse-csv -> bronze-sink (table `table` under
 * `root`, `batchFiles` files a part when given): what the tests and experiments of several
 * processes land, each file exactly once.
 */
export function csvLandingGraph(o: { name: string; folder: string; root: string; table: string; batchFiles?: number }): GraphDocument {
  return graph(
    o.name,
    {
      src: node('source-local', { folder: o.folder, patterns: ['*.csv'] }),
      cp: node('checkpoint', {}, 200),
      csv: node('parse-csv', {}, 400),
      sink: node('bronze-sink', { root: o.root, table: o.table, ...(o.batchFiles ? { batchFiles: o.batchFiles } : {}) }, 600),
    },
    [
      ['src', 'files', 'cp', 'files'],
      ['cp', 'files', 'csv', 'files'],
      ['csv', 'table', 'sink', 'table'],
    ],
  );
}
