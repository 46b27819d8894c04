import { sql, type SQL } from 'drizzle-orm';

// SQL the dead-livestock service, its formula and its alarm rules share: what a report's state is,
// read from its cancellation, its correction, its round stop and its manifest (a report is never edited).

/** The report (alias r) is in force: neither cancelled nor superseded by a correction. */
export const reportInForce = (r: string) => sql.raw(`NOT EXISTS (SELECT 1 FROM carcass_report_cancellations c WHERE c.report_id = ${r}.id)
  AND NOT EXISTS (SELECT 1 FROM carcass_reports n WHERE n.supersedes_id = ${r}.id)`);

/** The report's live manifest (its status, data, number), as LATERAL alias m: at most one (a unique index). */
export const reportManifest = (r: string): SQL => sql.raw(`LEFT JOIN LATERAL (SELECT mm.id, mm.number, mm.status, mm.data, mm.received_weight_t, mm.updated_at FROM manifests mm
  WHERE mm.stream = 'carcass' AND mm.data->>'reportId' = ${r}.id::text AND mm.status <> 'cancelled' LIMIT 1) m ON true`);

/** The report's state (see domain/agri/carcass reportState), given aliases r and m. */
export const reportStateSql = (r: string): SQL => sql.raw(`CASE
  WHEN EXISTS (SELECT 1 FROM carcass_reports n WHERE n.supersedes_id = ${r}.id) THEN 'superseded'
  WHEN EXISTS (SELECT 1 FROM carcass_report_cancellations c WHERE c.report_id = ${r}.id) THEN 'cancelled'
  WHEN m.status = 'in_transit' THEN 'collected'
  WHEN m.status IN ('received', 'partially_refused') THEN 'treated'
  WHEN m.status = 'refused' THEN 'refused'
  WHEN EXISTS (SELECT 1 FROM carcass_round_stops s WHERE s.report_id = ${r}.id) THEN 'scheduled'
  ELSE 'waiting' END`);
