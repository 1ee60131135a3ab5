export { tableChecksum } from './table-checksum.ts';
export type { ExampleExpectations } from './example-expectations.ts';
export { readBronzeTable } from './read-bronze-table.ts';
export { rowsAsText } from './rows-as-text.ts';
export { filesBelow, generatedDifferences, writeExampleFiles } from './example-files.ts';
