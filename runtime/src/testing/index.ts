export { runTestGraph, type TestRun, type TestRunOptions } from './run-test-graph.ts';
export { allowTestEndpoint, startS3Server } from './s3-server.ts';
export { chainGraph, type ChainStep } from './chain-graph.ts';
export { mountSmallDisk, type SmallDisk } from './small-disk.ts';
export { processState, spawnZombie } from './zombie-process.ts';
