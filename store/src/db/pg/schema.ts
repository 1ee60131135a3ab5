// Every PostgreSQL table, for drizzle-kit (migrations/pg) and for the typed drizzle client. The
// same tables, column names and row shapes as ../schema.ts (same-rows.test.ts checks the shapes),
// and the tables only several processes need (leases).
export * from './graphs-table.ts';
export * from './runs-table.ts';
export * from './checkpoints-table.ts';
export * from './bronze-tables.ts';
export * from './credentials-table.ts';
export * from './trigger-tables.ts';
export * from './users-table.ts';
export * from './api-tokens-table.ts';
export * from './session-tables.ts';
export * from './leases-table.ts';
