import { sql } from 'drizzle-orm';
import { ofStreams, type AlarmRule } from '../rule';
import { licenceCovers, licenceInForce } from '../../platform/organisations/licences';

// A receiver named on an open hazardous-waste manifest whose licence no longer covers the code today (expired,
// ended or corrected, or narrowed since the manifest was made): the same notion of a licence in force as the
// manifest's receiver check.
export const licenceInvalid: AlarmRule = {
  key: 'licence_invalid',
  label: { zh: '接受单位许可证无效或不含该代码', en: 'Receiver not licensed for the code' },
  severity: 'high',
  deadlineHours: 24,
  candidates: (now, subjectId, _subjects, streams) => sql`
    SELECT m.region_code, m.producer_id AS organisation_id, 'manifest' AS subject_type, m.id::text AS subject_id,
           '联单 ' || m.number || ' 的接受单位当前无 ' || m.waste_code || ' 的有效经营许可' AS title,
           'Manifest ' || m.number || ': the receiver holds no valid licence for ' || m.waste_code AS title_en,
           jsonb_build_object('number', m.number, 'wasteCode', m.waste_code) AS details
    FROM manifests m
    WHERE ${ofStreams(sql`m.stream`, streams)} AND m.status IN ('draft', 'signed_by_producer', 'in_transit') ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}
      AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.organisation_id = m.receiver_id
        AND ${licenceInForce('l', sql`(${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`)} AND ${licenceCovers('l', sql`m.waste_code`)})`,
};
