// Test support for node packages and examples: run a graph the way the runtime does.
export { chainGraph, type ChainStep } from './chain-graph.ts';
export { runTestGraph, type TestRun, type TestRunOptions } from './run-test-graph.ts';
export { recoverTestStorage } from './recover-test-storage.ts';
