import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';
import { settingInForce } from '../../settings/service';
import { CARCASS } from '../../../domain/streams/carcass';
import { COLLECT_HOURS_SETTING, OFF_ROUTE_KM, RECEIPT_HOURS_SETTING } from '../../../domain/agri/carcass';
import { reportInForce } from '../../carcass/queries';

// 病死畜禽 (issue 16): a report not collected within the region's hours (carcass.collect_hours, 24 by
// the platform's default), a collection vehicle off its round's planned route, a load picked up and
// not received at the plant within the region's hours (carcass.receipt_hours, 12 by default).

export const carcassNotCollected: AlarmRule = {
  key: 'carcass_not_collected',
  stream: CARCASS.key,
  label: { zh: '病死畜禽报告超时未收集', en: 'Dead livestock not collected in time' },
  severity: 'high',
  deadlineHours: 12,
  // Waiting: no manifest of the report picked up yet (none, a draft, or signed out by the farm only).
  candidates: (now, subjectId) => sql`
    SELECT r.region_code, r.farm_id AS organisation_id, 'carcass_report' AS subject_type, r.id::text AS subject_id,
      coalesce(f.name, '散户 ' || r.household_name || '（' || r.village || '）') || ' 报告的 ' || r.head || ' 头（只）病死畜禽已 ' || floor(extract(epoch FROM ${now}::timestamptz - r.reported_at) / 3600)::int || ' 小时未收集' AS title,
      coalesce(f.name, 'Household ' || r.household_name) || ': ' || r.head || ' dead animals reported ' || floor(extract(epoch FROM ${now}::timestamptz - r.reported_at) / 3600)::int || ' hours ago, not collected' AS title_en,
      jsonb_build_object('reportId', r.id, 'head', r.head, 'species', r.species, 'reportedAt', r.reported_at, 'hours', lim.hours, 'suspectedNotifiable', r.suspected_notifiable) AS details
    FROM carcass_reports r
    LEFT JOIN organisations f ON f.id = r.farm_id
    CROSS JOIN LATERAL (SELECT ${settingInForce(COLLECT_HOURS_SETTING, sql`r.region_code`)}::int AS hours) lim
    WHERE r.reported_at < ${now}::timestamptz - make_interval(hours => lim.hours)
      AND ${reportInForce('r')}
      AND NOT EXISTS (SELECT 1 FROM manifests m WHERE m.stream = 'carcass' AND m.data->>'reportId' = r.id::text AND m.status NOT IN ('draft', 'signed_by_producer', 'cancelled'))
      ${subjectId ? sql`AND r.id = ${subjectId}::uuid` : sql``}`,
};

// Distance in km on a small area (equirectangular), from (x, y) to the segment a–b: the projection clamped to the segment.
const kmToSegment = (x: string, y: string, ax: string, ay: string, bx: string, by: string) => {
  const t = `greatest(0, least(1, ((${x} - ${ax}) * (${bx} - ${ax}) + (${y} - ${ay}) * (${by} - ${ay})) / nullif(power(${bx} - ${ax}, 2) + power(${by} - ${ay}, 2), 0)))`;
  const px = `(${ax} + coalesce(${t}, 0) * (${bx} - ${ax}))`, py = `(${ay} + coalesce(${t}, 0) * (${by} - ${ay}))`;
  return sql.raw(`(111.32 * sqrt(power((${px} - ${x}) * cos(radians((${y} + ${py}) / 2)), 2) + power(${py} - ${y}, 2)))`);
};

export const carcassOffRoute: AlarmRule = {
  key: 'carcass_off_route',
  label: { zh: '病死畜禽收集车偏离收集路线', en: 'Dead-livestock vehicle off its round' },
  severity: 'high',
  deadlineHours: 6,
  // The round's planned route runs plant → stops in order → plant; the vehicle's latest position since
  // the load's pickup is compared with the nearest leg. A farm lane or a detour of a few hundred metres
  // stays within the tolerance.
  candidates: (now, subjectId) => sql`
    WITH loads AS MATERIALIZED (
      SELECT m.id, m.number, m.region_code, m.receiver_id, (m.data->>'roundId')::uuid AS round_id, (m.data->>'vehicleId')::uuid AS vehicle_id, s.at AS picked_up_at
      FROM manifests m JOIN manifest_signatures s ON s.manifest_id = m.id AND s.step = 'transport'
      WHERE m.stream = ${CARCASS.key} AND m.status = 'in_transit' AND m.data ? 'roundId' ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}),
    points AS (
      SELECT k.id AS round_id, 0 AS n, p.longitude AS lon, p.latitude AS lat FROM carcass_rounds k JOIN organisations p ON p.id = k.plant_id WHERE k.id IN (SELECT round_id FROM loads)
      UNION ALL
      SELECT s.round_id, s.seq, coalesce(r.longitude, f.longitude), coalesce(r.latitude, f.latitude) FROM carcass_round_stops s JOIN carcass_reports r ON r.id = s.report_id
        LEFT JOIN organisations f ON f.id = r.farm_id WHERE s.round_id IN (SELECT round_id FROM loads)
      UNION ALL
      SELECT k.id, 100000, p.longitude, p.latitude FROM carcass_rounds k JOIN organisations p ON p.id = k.plant_id WHERE k.id IN (SELECT round_id FROM loads)),
    legs AS (
      SELECT round_id, lag(lon) OVER w AS ax, lag(lat) OVER w AS ay, lon AS bx, lat AS by FROM points WHERE lon IS NOT NULL AND lat IS NOT NULL WINDOW w AS (PARTITION BY round_id ORDER BY n)),
    last AS (
      SELECT t.*, p.at, p.longitude AS lon, p.latitude AS lat FROM loads t
      JOIN LATERAL (SELECT at, longitude, latitude FROM vehicle_positions vp WHERE vp.vehicle_id = t.vehicle_id AND vp.at >= t.picked_up_at AND vp.at <= ${now}::timestamptz ORDER BY vp.at DESC LIMIT 1) p ON true)
    SELECT l.region_code, l.receiver_id AS organisation_id, 'manifest' AS subject_type, l.id::text AS subject_id,
      '联单 ' || l.number || ' 收集车偏离收集路线 ' || round(d.off_km::numeric, 1) || ' 公里' AS title,
      'Manifest ' || l.number || ': collection vehicle ' || round(d.off_km::numeric, 1) || ' km off its round' AS title_en,
      jsonb_build_object('number', l.number, 'roundId', l.round_id, 'offKm', round(d.off_km::numeric, 2), 'longitude', l.lon, 'latitude', l.lat, 'at', l.at) AS details
    FROM last l
    CROSS JOIN LATERAL (SELECT min(${kmToSegment('l.lon', 'l.lat', 'g.ax', 'g.ay', 'g.bx', 'g.by')}) AS off_km FROM legs g WHERE g.round_id = l.round_id AND g.ax IS NOT NULL) d
    WHERE d.off_km > ${OFF_ROUTE_KM}`,
};

export const carcassNotReceived: AlarmRule = {
  key: 'carcass_not_received',
  label: { zh: '病死畜禽收集后超时未入厂', en: 'Dead livestock collected but not received' },
  severity: 'high',
  deadlineHours: 12,
  candidates: (now, subjectId) => sql`
    SELECT m.region_code, m.receiver_id AS organisation_id, 'manifest' AS subject_type, m.id::text AS subject_id,
      '联单 ' || m.number || ' 病死畜禽收集后 ' || floor(extract(epoch FROM ${now}::timestamptz - s.at) / 3600)::int || ' 小时未入厂接收' AS title,
      'Manifest ' || m.number || ': collected ' || floor(extract(epoch FROM ${now}::timestamptz - s.at) / 3600)::int || ' hours ago, not received at the plant' AS title_en,
      jsonb_build_object('number', m.number, 'pickedUpAt', s.at, 'hours', lim.hours) AS details
    FROM manifests m JOIN manifest_signatures s ON s.manifest_id = m.id AND s.step = 'transport'
    CROSS JOIN LATERAL (SELECT ${settingInForce(RECEIPT_HOURS_SETTING, sql`m.region_code`)}::int AS hours) lim
    WHERE m.stream = ${CARCASS.key} AND m.status = 'in_transit' AND s.at < ${now}::timestamptz - make_interval(hours => lim.hours)
      ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}`,
};

export const carcassSuspectedDisease: AlarmRule = {
  key: 'carcass_suspected_disease',
  stream: CARCASS.key,
  label: { zh: '病死畜禽疑似重大动物疫病', en: 'Dead livestock: suspected notifiable disease' },
  severity: 'high',
  // 《动物防疫法》第三十一条: a suspected outbreak is reported to the bureau at once; it acts the same day.
  deadlineHours: 2,
  candidates: (_now, subjectId) => sql`
    SELECT r.region_code, r.farm_id AS organisation_id, 'carcass_report' AS subject_type, r.id::text AS subject_id,
      coalesce(f.name, '散户 ' || r.household_name || '（' || r.village || '）') || ' 报告 ' || r.head || ' 头（只）病死畜禽，疑似重大动物疫病' AS title,
      coalesce(f.name, 'Household ' || r.household_name) || ': ' || r.head || ' dead animals reported, suspected notifiable disease' AS title_en,
      jsonb_build_object('reportId', r.id, 'head', r.head, 'species', r.species, 'cause', r.cause) AS details
    FROM carcass_reports r LEFT JOIN organisations f ON f.id = r.farm_id
    WHERE r.suspected_notifiable AND ${reportInForce('r')}
      AND NOT EXISTS (SELECT 1 FROM manifests m WHERE m.stream = 'carcass' AND m.data->>'reportId' = r.id::text AND m.status IN ('received', 'partially_refused', 'refused'))
      ${subjectId ? sql`AND r.id = ${subjectId}::uuid` : sql``}`,
};
