export { runTestGraph, type TestRun, type TestRunOptions } from './run-test-graph.ts';
export { startS3Server } from './s3-server.ts';
