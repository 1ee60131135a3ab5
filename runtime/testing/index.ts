// Test support for the runtime's own tests and the examples: an app over a temporary store, test
// graphs, plugin packages written into a plugins folder, and the helpers of the bucket-event suites (runtime/testing/events).
export * from './test-app.ts';
export * from './test-graphs.ts';
export * from './plugin-package.ts';
export * from './metric-samples.ts';
export * from './events/bronze-rows.ts';
export * from './events/event-latency.ts';
export * from './events/ingest-graph.ts';
export * from './events/rgw-notifications.ts';
export * from './events/s3-uploader.ts';
