import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';

// 贮存期限: one year for hazardous waste (固废法 第八十一条); medical waste (HW01, 841-*) two days
// (医疗废物管理条例: 暂时贮存不得超过2天).
export const storageOverdue: AlarmRule = {
  key: 'storage_overdue',
  label: { zh: '贮存超期', en: 'Stored past its limit' },
  severity: 'medium',
  deadlineHours: 168,
  candidates: (now, subjectId) => sql`
    SELECT b.region_code, b.organisation_id, 'waste_batch' AS subject_type, b.id::text AS subject_id,
           '批次 ' || b.batch_no || '（' || b.waste_code || '）贮存已 ' || floor(extract(epoch FROM ${now}::timestamptz - b.generated_at) / 86400) || ' 天' AS title,
           'Batch ' || b.batch_no || ' (' || b.waste_code || ') stored for ' || floor(extract(epoch FROM ${now}::timestamptz - b.generated_at) / 86400) || ' days' AS title_en,
           jsonb_build_object('batchNo', b.batch_no, 'wasteCode', b.waste_code, 'inStoreT', s.held, 'generatedAt', b.generated_at) AS details
    FROM waste_batches b
    JOIN LATERAL (SELECT sum(m.quantity_t * m.store_effect) AS held FROM ledger_movements m WHERE m.batch_id = b.id) s ON s.held > 0
    WHERE b.generated_at < ${now}::timestamptz - CASE WHEN b.waste_code LIKE '841-%' THEN interval '2 days' ELSE interval '365 days' END
      ${subjectId ? sql`AND b.id = ${subjectId}::uuid` : sql``}`,
};
