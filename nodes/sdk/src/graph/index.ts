// Browser-safe half of the SDK: the graph document and its rules, shared by the editor and the runtime.
export * from './port-kinds.ts';
export * from './graph-document.ts';
export * from './trigger-settings.ts';
export * from './serialize-graph.ts';
export * from './node-type-info.ts';
export * from './plan-graph.ts';
export * from './active-graph.ts';
export * from './canvas-annotations.ts';
export * from './config-defaults.ts';
