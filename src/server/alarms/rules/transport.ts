import { sql } from 'drizzle-orm';
import { ofStreams, type AlarmRule } from '../rule';

export const NO_TRACK_HOURS = 2;
export const LONG_STOP_MINUTES = 60;
export const CORRIDOR_KM = 10;

// A load on the road is watched through its vehicle's positions since pickup. Several loads often share a
// truck (a collection round, one manifest per waste code), so each vehicle's latest position is looked up once
// (`latest`); a load has a position since pickup exactly when its vehicle's latest one is no older than the pickup.
// The latest position is the one vehicle_last_positions keeps (a trigger on vehicle_positions): one row per truck,
// where a probe of vehicle_positions visits every monthly partition's index, for each of the three rules.
// `loads` keeps only the columns the rules use: the manifest's data (its JSON) would be carried through every join.
const loadsAndLatest = (streams: readonly string[], subjectId?: string) => sql`
  loads AS MATERIALIZED (
    SELECT m.id, m.number, m.stream, m.region_code, m.producer_id, m.receiver_id, m.transporter_ids, (m.data->>'vehicleId')::uuid AS vehicle_id, s.at AS picked_up_at
    FROM manifests m JOIN manifest_signatures s ON s.manifest_id = m.id AND s.step = 'transport'
    WHERE m.status = 'in_transit' AND ${ofStreams(sql`m.stream`, streams)} ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}),
  latest AS MATERIALIZED (
    SELECT p.vehicle_id, p.at, p.longitude AS lon, p.latitude AS lat
    FROM vehicle_last_positions p WHERE p.vehicle_id IN (SELECT vehicle_id FROM loads))`;

export const noTrack: AlarmRule = {
  key: 'no_track',
  label: { zh: '在途无轨迹', en: 'In transit without a track' },
  severity: 'medium',
  deadlineHours: 12,
  candidates: (now, subjectId, _subjects, streams) => sql`
    WITH ${loadsAndLatest(streams, subjectId)}
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 接收后 ${sql.raw(String(NO_TRACK_HOURS))} 小时无车辆定位' AS title,
           'Manifest ' || t.number || ': no vehicle position ${sql.raw(String(NO_TRACK_HOURS))} hours after pickup' AS title_en,
           jsonb_build_object('number', t.number, 'pickedUpAt', t.picked_up_at) AS details
    FROM loads t LEFT JOIN latest l ON l.vehicle_id = t.vehicle_id
    WHERE t.picked_up_at < ${now}::timestamptz - interval '${sql.raw(String(NO_TRACK_HOURS))} hours'
      AND (l.at IS NULL OR l.at < t.picked_up_at)`,
};

// Distance in km on a small area (equirectangular): good to a few metres over a county.
const km = (lon1: unknown, lat1: unknown, lon2: unknown, lat2: unknown) =>
  sql`(111.32 * sqrt(power((${lon2} - ${lon1}) * cos(radians((${lat1} + ${lat2}) / 2)), 2) + power(${lat2} - ${lat1}, 2)))`;

// The last hour and a quarter of a load's positions; a stop counts when they span the whole hour.
const stopWindow = (now: Date) => sql`${now}::timestamptz - interval '${sql.raw(String(LONG_STOP_MINUTES + 15))} minutes'`;

export const longStop: AlarmRule = {
  key: 'long_stop',
  label: { zh: '运输途中长时间停留', en: 'Long stop in transit' },
  severity: 'medium',
  deadlineHours: 12,
  // Positions since pickup spanning the whole hour, all within 300 m of each other: the truck has not moved.
  // Most trucks are moving, and one recent position more than 300 m from the latest shows it (the box around
  // the positions is at least that wide; 10 m margin for the cosine, which the box takes at its middle
  // latitude). `standing` tests that once per vehicle, over its positions since the pickup of its newest load
  // (fewer than any of its loads has), and stops at the first such position: for a moving truck, the window's
  // oldest. The box is then computed only for the loads of the few trucks that may be standing.
  candidates: (now, subjectId, _subjects, streams) => sql`
    WITH ${loadsAndLatest(streams, subjectId)},
    standing AS MATERIALIZED (
      SELECT l.vehicle_id FROM latest l
      JOIN (SELECT vehicle_id, max(picked_up_at) AS since FROM loads GROUP BY vehicle_id) v ON v.vehicle_id = l.vehicle_id
      -- LATERAL … LIMIT 1 rather than NOT EXISTS, which the planner may turn into a hash over every recent position.
      LEFT JOIN LATERAL (SELECT true AS moved FROM vehicle_positions p WHERE p.vehicle_id = l.vehicle_id AND p.at > ${stopWindow(now)} AND p.at >= v.since
        AND ${km(sql`l.lon`, sql`l.lat`, sql`p.longitude`, sql`p.latitude`)} > 0.31 LIMIT 1) far ON true
      WHERE l.at > ${stopWindow(now)} AND far.moved IS NULL)
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 车辆已停留超过 ${sql.raw(String(LONG_STOP_MINUTES))} 分钟' AS title,
           'Manifest ' || t.number || ': vehicle stopped for over ${sql.raw(String(LONG_STOP_MINUTES))} minutes' AS title_en,
           jsonb_build_object('number', t.number, 'longitude', w.lon, 'latitude', w.lat) AS details
    FROM loads t JOIN standing s ON s.vehicle_id = t.vehicle_id
    JOIN LATERAL (
      SELECT min(p.longitude) AS min_lon, max(p.longitude) AS max_lon, min(p.latitude) AS min_lat, max(p.latitude) AS max_lat,
             avg(p.longitude) AS lon, avg(p.latitude) AS lat, min(p.at) AS first_at, count(*) AS n
      FROM vehicle_positions p WHERE p.vehicle_id = t.vehicle_id AND p.at > ${stopWindow(now)} AND p.at >= t.picked_up_at
    ) w ON w.n >= 2
    WHERE w.first_at <= ${now}::timestamptz - interval '${sql.raw(String(LONG_STOP_MINUTES))} minutes'
      AND ${km(sql`w.min_lon`, sql`w.min_lat`, sql`w.max_lon`, sql`w.max_lat`)} < 0.3`,
};

export const offCorridor: AlarmRule = {
  key: 'off_corridor',
  label: { zh: '偏离运输路线', en: 'Off the corridor' },
  severity: 'high',
  deadlineHours: 6,
  candidates: (now, subjectId, _subjects, streams) => sql`
    WITH ${loadsAndLatest(streams, subjectId)}
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 车辆偏离起终点连线 ' || round(d.off_km::numeric, 1) || ' 公里' AS title,
           'Manifest ' || t.number || ': vehicle ' || round(d.off_km::numeric, 1) || ' km off the corridor' AS title_en,
           jsonb_build_object('number', t.number, 'offKm', round(d.off_km::numeric, 2), 'longitude', d.lon, 'latitude', d.lat) AS details
    FROM loads t
    JOIN organisations po ON po.id = t.producer_id JOIN organisations ro ON ro.id = t.receiver_id
    -- The last position since pickup: the vehicle's latest, unless that is older than the pickup.
    JOIN latest last ON last.vehicle_id = t.vehicle_id AND last.at >= t.picked_up_at
    CROSS JOIN LATERAL (
      -- Distance from the last position to the segment producer → receiver, projected onto the segment.
      SELECT last.lon AS lon, last.lat AS lat, ${km(sql`last.lon`, sql`last.lat`,
        sql`(po.longitude + greatest(0, least(1, ((last.lon - po.longitude) * (ro.longitude - po.longitude) + (last.lat - po.latitude) * (ro.latitude - po.latitude)) / nullif(power(ro.longitude - po.longitude, 2) + power(ro.latitude - po.latitude, 2), 0))) * (ro.longitude - po.longitude))`,
        sql`(po.latitude + greatest(0, least(1, ((last.lon - po.longitude) * (ro.longitude - po.longitude) + (last.lat - po.latitude) * (ro.latitude - po.latitude)) / nullif(power(ro.longitude - po.longitude, 2) + power(ro.latitude - po.latitude, 2), 0))) * (ro.latitude - po.latitude))`)} AS off_km
    ) d
    -- Streams whose loads have a route of their own (construction, carcass) do not list this rule (domain/streams/alarms.ts).
    WHERE po.longitude IS NOT NULL AND ro.longitude IS NOT NULL AND d.off_km > ${CORRIDOR_KM}`,
};
