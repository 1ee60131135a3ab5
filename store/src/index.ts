// The store: every table's queries live in a repository here, and nothing outside this package
// touches the database. Rows are exported as types; the table objects are not (see ./schema), nor
// is the driver: callers get repositories and `Store.transaction`. README.md says who owns what.
export type * from './db/schema.ts';
export { BUCKET_EVENT_STATUSES, HOOK_REQUEST_STATUSES } from './db/trigger-tables.ts';
export { ROLES } from './db/users-table.ts';
export * from './auth/api-token-repository.ts';
export * from './auth/auth-conflict-error.ts';
export * from './auth/auth-store.ts';
export * from './auth/login-token-repository.ts';
export * from './auth/secret-token.ts';
export * from './auth/session-repository.ts';
export * from './auth/user-repository.ts';
export * from './bronze-part-repository.ts';
export * from './bucket-event-repository.ts';
export * from './checkpoint-repository.ts';
export * from './credential-repository.ts';
export * from './graph-repository.ts';
export * from './hook-request-repository.ts';
export * from './open-store.ts';
export * from './page.ts';
export { type Lease, LeaseLostError, type PgLeaseRepository } from './pg/lease-repository.ts';
export * from './run-log-repository.ts';
export * from './run-params-limit.ts';
export * from './run-fenced-error.ts';
export * from './run-repository.ts';
export * from './run-key-lists.ts';
export * from './secret-resolver.ts';
export * from './temp-store.ts';
export type { NodeStoreOptions } from './node-store.ts';
export { withoutPassword } from './pg/pg-url.ts';
