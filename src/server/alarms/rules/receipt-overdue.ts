import { sql } from 'drizzle-orm';
import { ofStreams, type AlarmRule } from '../rule';

// 危险废物转移管理办法 第十二条: the receiver confirms within five working days (receipt_due_at).
export const receiptOverdue: AlarmRule = {
  key: 'receipt_overdue',
  label: { zh: '超期未确认接收', en: 'Receipt not confirmed in time' },
  severity: 'high',
  deadlineHours: 48,
  candidates: (now, subjectId, _subjects, streams) => sql`
    SELECT m.receiver_region_code AS region_code, m.receiver_id AS organisation_id, 'manifest' AS subject_type, m.id::text AS subject_id,
           '联单 ' || m.number || ' 超过五个工作日未确认接收' AS title, 'Manifest ' || m.number || ' not confirmed within five working days' AS title_en,
           jsonb_build_object('number', m.number, 'dueAt', m.receipt_due_at) AS details
    FROM manifests m
    WHERE m.status = 'in_transit' AND m.receipt_due_at < ${now} AND ${ofStreams(sql`m.stream`, streams)} ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}`,
};
