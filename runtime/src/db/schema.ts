// Every table, for drizzle-kit (migrations) and for the typed drizzle client.
export * from './graphs-table.ts';
export * from './runs-table.ts';
export * from './checkpoints-table.ts';
export * from './bronze-tables.ts';
export * from './credentials-table.ts';
export * from './trigger-tables.ts';
