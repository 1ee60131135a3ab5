import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDocument } from '@sluice/sdk/graph';

/**
 * A graph of `chains` copies of the example pipeline (5 nodes each), laid out in rows: the shape
 * of a big real graph (many sources landing many tables), valid so that the runtime stores it.
 */
export function benchGraph(chains: number, landingDir: string): GraphDocument {
  const steps = ['source-local', 'checkpoint', 'decompress', 'parse-csv', 'bronze-sink'] as const;
  const nodes: GraphDocument['nodes'] = {};
  const edges: GraphDocument['edges'] = [];
  for (let c = 0; c < chains; c++) {
    steps.forEach((type, k) => {
      const config: Record<string, unknown> =
        type === 'source-local' ? { folder: landingDir, patterns: [`chain-${c}/*.csv.gz`] } : type === 'bronze-sink' ? { table: `t${c}` } : {};
      nodes[`${type}-${c}`] = { type, typeVersion: 1, position: { x: k * 290, y: c * 170 }, config };
      if (k > 0) {
        const prev = `${steps[k - 1]}-${c}`;
        const port = type === 'bronze-sink' ? 'table' : 'files';
        edges.push({ from: { node: prev, port: steps[k - 1] === 'parse-csv' ? 'table' : 'files' }, to: { node: `${type}-${c}`, port } });
      }
    });
  }
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, name: `Bench ${chains * steps.length} nodes`, nodes, edges };
}
