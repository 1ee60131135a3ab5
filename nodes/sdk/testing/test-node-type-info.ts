import type { NodeTypeInfo } from '../src/graph/node-type-info.ts';

/**
 * A node type as `GET /api/node-types` describes it, for tests of graph checks (the SDK's planner,
 * the editor's wiring and form problems): a parser named `type` with these ports and, unless given,
 * an empty config schema. Browser-safe, like `@sluice/sdk/graph`.
 */
export function testNodeTypeInfo(
  type: string,
  inputs: NodeTypeInfo['inputs'],
  outputs: NodeTypeInfo['outputs'],
  configSchema: NodeTypeInfo['configSchema'] = {},
): NodeTypeInfo {
  return {
    type,
    version: 1,
    category: 'parse',
    title: type,
    description: '',
    inputs,
    outputs,
    configSchema,
    defaults: {},
    package: { name: 'x', version: '1' },
  };
}
