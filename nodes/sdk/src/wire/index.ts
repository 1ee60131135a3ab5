// Browser-safe: the shapes the runtime sends and the editor reads (runs, their figures, events).
export * from './run-shapes.ts';
