// Browser-safe: the shapes the runtime sends and the editor reads (runs, their figures, events, and
// the answers of the API), as zod schemas with the types inferred from them. Nothing here may
// import node-only code: the editor bundles this entry.
export * from './run-shapes.ts';
export * from './run-api.ts';
export * from './run-stream.ts';
export * from './graph-run-stream.ts';
export * from './landed-api.ts';
export * from './graph-api.ts';
export * from './node-type-api.ts';
export * from './health.ts';
export * from './api-error.ts';
export * from './page.ts';
export * from './folder-api.ts';
export * from './credential-api.ts';
export * from './worker-api.ts';
