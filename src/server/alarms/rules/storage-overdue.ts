import { sql } from 'drizzle-orm';
import { ofStreams, type AlarmRule } from '../rule';
import { settingInForce } from '../../settings/service';

// 贮存期限: one year for hazardous waste (固废法 第八十一条); medical waste (HW01, 841-*) the
// region's setting, two days by default (医疗废物管理条例 第十七条). A collector's batch keeps the
// age of the waste it holds, so the clock does not restart at collection. What a batch holds is batch_stock's
// (its ledger's sum, kept by a trigger): only the batches still in store are read, not every old batch's ledger.
export const storageOverdue: AlarmRule = {
  key: 'storage_overdue',
  label: { zh: '贮存超期', en: 'Stored past its limit' },
  severity: 'medium',
  deadlineHours: 168,
  candidates: (now, subjectId, _subjects, streams) => sql`
    SELECT b.region_code, b.organisation_id, 'waste_batch' AS subject_type, b.id::text AS subject_id,
           '批次 ' || b.batch_no || '（' || b.waste_code || '）贮存已 ' || ${age('b', now)} AS title,
           'Batch ' || b.batch_no || ' (' || b.waste_code || ') stored for ' || ${ageEn('b', now)} AS title_en,
           jsonb_build_object('batchNo', b.batch_no, 'wasteCode', b.waste_code, 'inStoreT', s.held_t, 'generatedAt', b.generated_at, 'limitHours', l.hours) AS details
    FROM batch_stock s JOIN waste_batches b ON b.id = s.batch_id
    CROSS JOIN LATERAL (SELECT CASE WHEN b.waste_code LIKE '841-%' THEN ${settingInForce('medical.storage_hours', sql`b.region_code`)} ELSE 365 * 24 END AS hours) l
    WHERE s.held_t > 0 AND ${ofStreams(sql`b.stream`, streams)} AND b.generated_at < ${now}::timestamptz - make_interval(hours => l.hours::int)
      ${subjectId ? sql`AND b.id = ${subjectId}::uuid` : sql``}`,
};

const hoursOf = (b: string, now: Date) => sql`floor(extract(epoch FROM ${now}::timestamptz - ${sql.raw(b)}.generated_at) / 3600)`;
// Days for the usual case; hours for medical waste, whose limit is counted in hours.
const age = (b: string, now: Date) => sql`CASE WHEN ${sql.raw(b)}.waste_code LIKE '841-%' THEN ${hoursOf(b, now)} || ' 小时' ELSE floor(${hoursOf(b, now)} / 24) || ' 天' END`;
const ageEn = (b: string, now: Date) => sql`CASE WHEN ${sql.raw(b)}.waste_code LIKE '841-%' THEN ${hoursOf(b, now)} || ' hours' ELSE floor(${hoursOf(b, now)} / 24) || ' days' END`;
