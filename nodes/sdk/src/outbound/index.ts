export * from './blocked-addresses.ts';
export * from './check-endpoint.ts';
export * from './endpoint-errors.ts';
export * from './guarded-agents.ts';
