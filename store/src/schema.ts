// The table objects, for the store's own repositories and for drizzle-kit. A lint rule keeps every
// other package from importing this entry: a query outside the store has no owner.
export * from './db/schema.ts';
