import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';

// A load on the road is watched through its vehicle's positions since pickup.
const inTransit = (subjectId?: string) => sql`
  SELECT m.*, (m.data->>'vehicleId')::uuid AS vehicle_id, s.at AS picked_up_at
  FROM manifests m JOIN manifest_signatures s ON s.manifest_id = m.id AND s.step = 'transport'
  WHERE m.status = 'in_transit' ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}`;

export const NO_TRACK_HOURS = 2;
export const LONG_STOP_MINUTES = 60;
export const CORRIDOR_KM = 10;

export const noTrack: AlarmRule = {
  key: 'no_track',
  label: { zh: '在途无轨迹', en: 'In transit without a track' },
  severity: 'medium',
  deadlineHours: 12,
  candidates: (now, subjectId) => sql`
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 接收后 ${sql.raw(String(NO_TRACK_HOURS))} 小时无车辆定位' AS title,
           'Manifest ' || t.number || ': no vehicle position ${sql.raw(String(NO_TRACK_HOURS))} hours after pickup' AS title_en,
           jsonb_build_object('number', t.number, 'pickedUpAt', t.picked_up_at) AS details
    FROM (${inTransit(subjectId)}) t
    WHERE t.picked_up_at < ${now}::timestamptz - interval '${sql.raw(String(NO_TRACK_HOURS))} hours'
      AND NOT EXISTS (SELECT 1 FROM vehicle_positions p WHERE p.vehicle_id = t.vehicle_id AND p.at >= t.picked_up_at)`,
};

// Distance in km on a small area (equirectangular): good to a few metres over a county.
const km = (lon1: unknown, lat1: unknown, lon2: unknown, lat2: unknown) =>
  sql`(111.32 * sqrt(power((${lon2} - ${lon1}) * cos(radians((${lat1} + ${lat2}) / 2)), 2) + power(${lat2} - ${lat1}, 2)))`;

export const longStop: AlarmRule = {
  key: 'long_stop',
  label: { zh: '运输途中长时间停留', en: 'Long stop in transit' },
  severity: 'medium',
  deadlineHours: 12,
  candidates: (now, subjectId) => sql`
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 车辆已停留超过 ${sql.raw(String(LONG_STOP_MINUTES))} 分钟' AS title,
           'Manifest ' || t.number || ': vehicle stopped for over ${sql.raw(String(LONG_STOP_MINUTES))} minutes' AS title_en,
           jsonb_build_object('number', t.number, 'longitude', w.lon, 'latitude', w.lat) AS details
    FROM (${inTransit(subjectId)}) t
    JOIN LATERAL (
      SELECT min(p.longitude) AS min_lon, max(p.longitude) AS max_lon, min(p.latitude) AS min_lat, max(p.latitude) AS max_lat,
             avg(p.longitude) AS lon, avg(p.latitude) AS lat, min(p.at) AS first_at, count(*) AS n
      FROM vehicle_positions p WHERE p.vehicle_id = t.vehicle_id AND p.at > ${now}::timestamptz - interval '${sql.raw(String(LONG_STOP_MINUTES + 15))} minutes' AND p.at >= t.picked_up_at
    ) w ON w.n >= 2
    -- Positions spanning the whole hour, all within 300 m of each other: the truck has not moved.
    WHERE w.first_at <= ${now}::timestamptz - interval '${sql.raw(String(LONG_STOP_MINUTES))} minutes'
      AND ${km(sql`w.min_lon`, sql`w.min_lat`, sql`w.max_lon`, sql`w.max_lat`)} < 0.3`,
};

export const offCorridor: AlarmRule = {
  key: 'off_corridor',
  label: { zh: '偏离运输路线', en: 'Off the corridor' },
  severity: 'high',
  deadlineHours: 6,
  candidates: (now, subjectId) => sql`
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 车辆偏离起终点连线 ' || round(d.off_km::numeric, 1) || ' 公里' AS title,
           'Manifest ' || t.number || ': vehicle ' || round(d.off_km::numeric, 1) || ' km off the corridor' AS title_en,
           jsonb_build_object('number', t.number, 'offKm', round(d.off_km::numeric, 2), 'longitude', d.lon, 'latitude', d.lat) AS details
    FROM (${inTransit(subjectId)}) t
    JOIN organisations po ON po.id = t.producer_id JOIN organisations ro ON ro.id = t.receiver_id
    JOIN LATERAL (SELECT p.longitude AS lon, p.latitude AS lat FROM vehicle_positions p WHERE p.vehicle_id = t.vehicle_id AND p.at >= t.picked_up_at ORDER BY p.at DESC LIMIT 1) last ON true
    CROSS JOIN LATERAL (
      -- Distance from the last position to the segment producer → receiver, projected onto the segment.
      SELECT last.lon AS lon, last.lat AS lat, ${km(sql`last.lon`, sql`last.lat`,
        sql`(po.longitude + greatest(0, least(1, ((last.lon - po.longitude) * (ro.longitude - po.longitude) + (last.lat - po.latitude) * (ro.latitude - po.latitude)) / nullif(power(ro.longitude - po.longitude, 2) + power(ro.latitude - po.latitude, 2), 0))) * (ro.longitude - po.longitude))`,
        sql`(po.latitude + greatest(0, least(1, ((last.lon - po.longitude) * (ro.longitude - po.longitude) + (last.lat - po.latitude) * (ro.latitude - po.latitude)) / nullif(power(ro.longitude - po.longitude, 2) + power(ro.latitude - po.latitude, 2), 0))) * (ro.latitude - po.latitude))`)} AS off_km
    ) d
    WHERE po.longitude IS NOT NULL AND ro.longitude IS NOT NULL AND d.off_km > ${CORRIDOR_KM}`,
};
