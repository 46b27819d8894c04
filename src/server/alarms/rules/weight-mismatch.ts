import { sql } from 'drizzle-orm';
import { ofStreams, type AlarmRule } from '../rule';

// 第十八条: differences in weight over the tolerance are reported to the regulator of the receiving place.
export const weightMismatch: AlarmRule = {
  key: 'weight_mismatch',
  label: { zh: '重量差异超限', en: 'Weight difference over tolerance' },
  severity: 'medium',
  deadlineHours: 72,
  candidates: (now, subjectId, _subjects, streams) => sql`
    SELECT m.receiver_region_code AS region_code, m.producer_id AS organisation_id, 'manifest' AS subject_type, m.id::text AS subject_id,
           '联单 ' || m.number || ' 接收重量与装车重量差异 ' || round((d->>'ratio')::numeric * 100, 1) || '%' AS title,
           'Manifest ' || m.number || ': received weight differs by ' || round((d->>'ratio')::numeric * 100, 1) || '%' AS title_en,
           jsonb_build_object('number', m.number, 'shipped', d->'expected', 'received', d->'actual', 'ratio', d->'ratio') AS details
    FROM manifests m CROSS JOIN LATERAL jsonb_array_elements(m.discrepancies) d
    WHERE d->>'kind' = 'weight' AND ${ofStreams(sql`m.stream`, streams)} AND m.updated_at > ${now}::timestamptz - interval '30 days' ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}`,
};
