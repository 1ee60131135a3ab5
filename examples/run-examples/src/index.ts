export { tableChecksum } from './table-checksum.ts';
export type { ExampleExpectations } from './example-expectations.ts';
export { readBronzeTable } from './read-bronze-table.ts';
