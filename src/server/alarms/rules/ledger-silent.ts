import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';

export const LEDGER_SILENT_DAYS = 60;

// A producer whose plan for this year declares generation, but whose ledger has recorded none for
// 60 days: waste may be going unrecorded.
export const ledgerSilent: AlarmRule = {
  key: 'ledger_silent',
  stream: 'hazardous',
  label: { zh: '台账长期未记录', en: 'Ledger silent' },
  severity: 'low',
  deadlineHours: 240,
  candidates: (now, subjectId) => sql`
    SELECT p.region_code, p.organisation_id, 'organisation' AS subject_type, p.organisation_id::text AS subject_id,
           o.name || ' 管理计划预计产生 ' || p.expected_t || ' 吨，但已 ${sql.raw(String(LEDGER_SILENT_DAYS))} 天无产生记录' AS title,
           o.name || ': plan expects ' || p.expected_t || ' t but no generation recorded for ${sql.raw(String(LEDGER_SILENT_DAYS))} days' AS title_en,
           jsonb_build_object('year', p.year, 'expectedT', p.expected_t) AS details
    FROM management_plans p JOIN organisations o ON o.id = p.organisation_id
    WHERE p.status IN ('submitted', 'approved') AND p.expected_t > 0
      AND p.year = extract(year FROM ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')
      AND coalesce(p.submitted_at, p.updated_at) < ${now}::timestamptz - interval '${sql.raw(String(LEDGER_SILENT_DAYS))} days'
      AND NOT EXISTS (SELECT 1 FROM ledger_movements m WHERE m.organisation_id = p.organisation_id AND m.kind = 'generate'
        AND m.at > ${now}::timestamptz - interval '${sql.raw(String(LEDGER_SILENT_DAYS))} days')
      ${subjectId ? sql`AND p.organisation_id = ${subjectId}::uuid` : sql``}`,
};
