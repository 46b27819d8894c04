/**
 * The tables that grow with use, region by region: those a Citus cluster would distribute by
 * `region_code` (docs/scale-out.md). Each one's primary key leads with region_code, so that a row's
 * key names its shard; test/api/scale-out-keys.test.ts reads the live schema and checks it.
 */
export const LARGE_TABLES = [
  'manifests',
  'waste_batches',
  'ledger_movements',
  'ledger_monthly',
  'ledger_monthly_county',
  'declarations',
  'alarms',
  'vehicle_positions',
  'weighbridge_tickets',
  'weighbridge_daily',
  'weighbridge_monthly',
] as const;

/**
 * Large tables whose key does not lead with region_code yet, each with the reason; the test prints
 * these, and fails once one of them is keyed by region (it then belongs in LARGE_TABLES).
 */
export const NOT_YET_KEYED: Record<string, string> = {
  manifest_signatures: 'no region_code column: keyed (manifest_id, step, leg); it needs the manifest\'s region copied into every signature written, and the signing path is the benchmark\'s hot path (issue 19, the cost of a step)',
  manifest_events: 'no region_code column: a bigserial id; needs the manifest\'s region on every event and a key (region_code, id)',
  manifest_batches: 'no region_code column: keyed (manifest_id, batch_id); needs the manifest\'s region',
  manifest_revisions: 'no region_code column: needs the manifest\'s region',
  alarm_events: 'no region_code column: a bigserial id; needs the alarm\'s region',
  audit_log: 'one hash chain over every region, in the order of a global id (ADR 0010): distributing it splits the chain; it stays on the coordinator, or becomes one chain per region',
};
