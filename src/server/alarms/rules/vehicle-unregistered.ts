import { sql } from 'drizzle-orm';
import { ofStreams, type AlarmRule } from '../rule';

// A load signed for pickup or on the road whose vehicle is no longer one the first transporter may use:
// the vehicle is unknown, registered to another company, taken out of service, or (hazardous waste)
// without its dangerous-goods permit (道路危险货物运输许可, which hazardous waste may not travel without). The manifest
// checked all this when it was made; this catches what changed since. The first transporter owns it.
export const vehicleUnregistered: AlarmRule = {
  key: 'vehicle_unregistered',
  label: { zh: '运输车辆未登记、已停用或无危货运输许可', en: 'Vehicle not registered, out of service or without a dangerous-goods permit' },
  severity: 'high',
  deadlineHours: 12,
  // manifests_open_vehicle_idx covers these statuses: the scan reads open loads only.
  candidates: (_now, subjectId, _subjects, streams) => sql`
    SELECT m.region_code, m.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, m.id::text AS subject_id,
           '联单 ' || m.number || ' 的运输车辆 ' || r.plate || ' ' || r.why_zh AS title,
           'Manifest ' || m.number || ': vehicle ' || r.plate || ' ' || r.why_en AS title_en,
           jsonb_build_object('number', m.number, 'plate', r.plate, 'vehicleId', m.data->>'vehicleId', 'problem', r.problem, 'status', m.status) AS details
    FROM manifests m
    LEFT JOIN vehicles v ON v.id = (m.data->>'vehicleId')::uuid
    CROSS JOIN LATERAL (
      SELECT coalesce(v.plate, m.data->>'vehiclePlate', '（未知）') AS plate, p.problem, p.why_zh, p.why_en
      FROM (SELECT CASE
        WHEN v.id IS NULL THEN 'unknown'
        WHEN v.organisation_id IS DISTINCT FROM m.transporter_ids[1] THEN 'other_company'
        WHEN NOT v.active THEN 'deactivated'
        WHEN m.stream = 'hazardous' AND coalesce(btrim(v.dg_permit_no), '') = '' THEN 'no_permit'
      END AS problem) c
      JOIN (VALUES
        ('unknown', '未在平台登记', 'is not registered on the platform'),
        ('other_company', '未登记在第一承运单位名下', 'is not registered to the first transporter'),
        ('deactivated', '已停用', 'is out of service'),
        ('no_permit', '无危险货物道路运输许可', 'has no dangerous-goods transport permit')
      ) AS p (problem, why_zh, why_en) ON p.problem = c.problem
    ) r
    WHERE m.status IN ('signed_by_producer', 'in_transit') AND m.data->>'vehicleId' IS NOT NULL AND ${ofStreams(sql`m.stream`, streams)}
      ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}`,
};
