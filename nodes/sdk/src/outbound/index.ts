export * from './blocked-addresses.ts';
export * from './check-endpoint.ts';
export * from './endpoint-errors.ts';
export * from './guarded-agents.ts';
export * from './outbound-handler.ts';
export * from './s3-client-settings.ts';
export * from './allowed-endpoints.ts';
export * from './access-setting-error.ts';
