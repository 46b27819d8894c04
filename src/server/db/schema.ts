// All tables, for Drizzle and drizzle-kit. Each area keeps its own schema.ts.
export * from '../platform/regions/schema';
export * from '../platform/organisations/schema';
export * from '../platform/accounts/schema';
export * from '../platform/audit/schema';
export * from '../catalogues/schema';
export * from '../ledger/schema';
export * from '../manifests/schema';
export * from '../hazardous/schema';
export * from '../declarations/schema';
export * from '../indicators/schema';
export * from '../tasks/schema';
export * from '../alarms/schema';
export * from '../telemetry/schema';
export * from '../webhooks/schema';
export * from '../exchange/schema';
export * from '../construction/schema';
export * from '../storage-sites/schema';
