import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';

// 建筑垃圾 early warning (预警评估模型): the signals of a truckload gone wrong. Loads on the road are
// watched through their truck's latest position; the plan says where they may go and by which route.
const onTheRoad = (subjectId?: string) => sql`
  SELECT m.*, (m.data->>'vehicleId')::uuid AS vehicle_id, (m.data->>'siteId')::uuid AS site_id, (m.data->>'projectId')::uuid AS project_id, last.lon, last.lat, last.at AS seen_at
  FROM manifests m
  JOIN LATERAL (SELECT p.longitude AS lon, p.latitude AS lat, p.at FROM vehicle_positions p WHERE p.vehicle_id = (m.data->>'vehicleId')::uuid ORDER BY p.at DESC LIMIT 1) last ON true
  WHERE m.stream = 'construction' AND m.status = 'in_transit' ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}`;

// Distance in km on a small area (equirectangular).
const km = (lon1: unknown, lat1: unknown, lon2: unknown, lat2: unknown) =>
  sql`(111.32 * sqrt(power((${lon2} - ${lon1}) * cos(radians((${lat1} + ${lat2}) / 2)), 2) + power(${lat2} - ${lat1}, 2)))`;

/** From point p to the segment a–b, projected onto it. */
const toSegmentKm = (px: unknown, py: unknown, ax: unknown, ay: unknown, bx: unknown, by: unknown) => {
  const f = sql`coalesce(greatest(0, least(1, ((${px} - ${ax}) * (${bx} - ${ax}) + (${py} - ${ay}) * (${by} - ${ay})) / nullif(power(${bx} - ${ax}, 2) + power(${by} - ${ay}, 2), 0))), 0)`;
  return km(px, py, sql`(${ax} + ${f} * (${bx} - ${ax}))`, sql`(${ay} + ${f} * (${by} - ${ay}))`);
};

export const DIVERTED_KM = 1;
export const OFF_ROUTE_KM = 2;

/** The truck stands at another consumption site or recycling plant than the one on its manifest. */
export const constructionDiverted: AlarmRule = {
  key: 'construction_diverted',
  label: { zh: '建筑垃圾运往非指定场所', en: 'Construction load at an unapproved site' },
  severity: 'high',
  deadlineHours: 4,
  candidates: (_now, subjectId) => sql`
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 车辆 ' || (t.data->>'vehiclePlate') || ' 到达非指定场所「' || other.name || '」（应运往「' || (t.data->>'siteName') || '」）' AS title,
           'Manifest ' || t.number || ': truck ' || (t.data->>'vehiclePlate') || ' is at ' || other.name || ', not its destination ' || (t.data->>'siteName') AS title_en,
           jsonb_build_object('number', t.number, 'plate', t.data->>'vehiclePlate', 'atSite', other.name, 'atSiteId', other.id, 'destination', t.data->>'siteName', 'projectId', t.project_id, 'longitude', t.lon, 'latitude', t.lat) AS details
    FROM (${onTheRoad(subjectId)}) t
    JOIN LATERAL (SELECT s.id, s.name FROM disposal_sites s WHERE s.id <> t.site_id AND s.longitude IS NOT NULL
      AND ${km(sql`s.longitude`, sql`s.latitude`, sql`t.lon`, sql`t.lat`)} < ${DIVERTED_KM} ORDER BY ${km(sql`s.longitude`, sql`s.latitude`, sql`t.lon`, sql`t.lat`)} LIMIT 1) other ON true`,
};

/**
 * The truck is far from its approved route (the plan's route, or the straight line from the project
 * to the site when the plan draws none).
 */
export const constructionOffRoute: AlarmRule = {
  key: 'construction_off_route',
  label: { zh: '渣土车偏离核准路线', en: 'Construction truck off its route' },
  severity: 'medium',
  deadlineHours: 12,
  candidates: (_now, subjectId) => sql`
    SELECT t.region_code, t.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, t.id::text AS subject_id,
           '联单 ' || t.number || ' 车辆 ' || (t.data->>'vehiclePlate') || ' 偏离核准路线 ' || round(d.off_km::numeric, 1) || ' 公里' AS title,
           'Manifest ' || t.number || ': truck ' || (t.data->>'vehiclePlate') || ' ' || round(d.off_km::numeric, 1) || ' km off its route' AS title_en,
           jsonb_build_object('number', t.number, 'offKm', round(d.off_km::numeric, 2), 'longitude', t.lon, 'latitude', t.lat, 'projectId', t.project_id) AS details
    FROM (${onTheRoad(subjectId)}) t
    JOIN construction_projects pr ON pr.id = t.project_id
    JOIN disposal_sites st ON st.id = t.site_id
    JOIN LATERAL (SELECT route FROM construction_plans cp WHERE cp.project_id = pr.id AND cp.status = 'approved' ORDER BY cp.version DESC LIMIT 1) plan ON true
    CROSS JOIN LATERAL (
      -- The project, the route's points, the site: the distance to the nearest segment between them.
      SELECT min(${toSegmentKm(sql`t.lon`, sql`t.lat`, sql`seg.lon`, sql`seg.lat`, sql`seg.lon2`, sql`seg.lat2`)}) AS off_km
      FROM (
        SELECT lon, lat, lead(lon) OVER (ORDER BY n) AS lon2, lead(lat) OVER (ORDER BY n) AS lat2
        FROM (
          SELECT 0::bigint AS n, pr.longitude AS lon, pr.latitude AS lat
          UNION ALL SELECT r.n, (r.p->>0)::float8, (r.p->>1)::float8 FROM jsonb_array_elements(plan.route) WITH ORDINALITY AS r(p, n)
          UNION ALL SELECT 1000000, st.longitude, st.latitude
        ) pts WHERE lon IS NOT NULL
      ) seg WHERE seg.lon2 IS NOT NULL
    ) d
    WHERE d.off_km > ${OFF_ROUTE_KM}`,
};

/** The exit weighing shows more than the truck may carry (超载). */
export const constructionOverload: AlarmRule = {
  key: 'construction_overload',
  label: { zh: '渣土车超载', en: 'Construction truck overloaded' },
  severity: 'high',
  deadlineHours: 24,
  candidates: (_now, subjectId) => sql`
    SELECT m.region_code, m.transporter_ids[1] AS organisation_id, 'manifest' AS subject_type, m.id::text AS subject_id,
           '联单 ' || m.number || ' 车辆 ' || v.plate || ' 出场称重 ' || (m.data->>'pickupWeightT') || ' 吨，超过核定载质量 ' || v.load_t || ' 吨' AS title,
           'Manifest ' || m.number || ': truck ' || v.plate || ' left with ' || (m.data->>'pickupWeightT') || ' t, over its rated ' || v.load_t || ' t' AS title_en,
           jsonb_build_object('number', m.number, 'plate', v.plate, 'pickupWeightT', (m.data->>'pickupWeightT')::numeric, 'loadT', v.load_t, 'projectId', m.data->>'projectId') AS details
    FROM manifests m JOIN vehicles v ON v.id = (m.data->>'vehicleId')::uuid
    WHERE m.stream = 'construction' AND m.status IN ('in_transit', 'received', 'partially_refused') AND (m.data->>'pickupWeightT')::numeric > v.load_t
      ${subjectId ? sql`AND m.id = ${subjectId}::uuid` : sql``}`,
};

/** A project has sent off more of a category than its approved plan expects to leave the site (by 10%). */
export const constructionOutflow: AlarmRule = {
  key: 'construction_outflow',
  stream: 'construction',
  label: { zh: '出土量偏离处理方案', en: 'Outflow departs from the plan' },
  severity: 'medium',
  deadlineHours: 72,
  candidates: (_now, subjectId) => sql`
    SELECT pr.region_code, pr.organisation_id, 'construction_project' AS subject_type, pr.id::text || ':' || o.code AS subject_id,
           pr.name || ' 已运出' || o.code || ' ' || round(o.t, 1) || ' 吨，超过处理方案外运量 ' || round(o.planned, 1) || ' 吨' AS title,
           pr.name || ': ' || round(o.t, 1) || ' t of ' || o.code || ' sent off, over the ' || round(o.planned, 1) || ' t the plan expects' AS title_en,
           jsonb_build_object('projectId', pr.id, 'code', o.code, 'sentT', round(o.t, 2), 'plannedT', round(o.planned, 2)) AS details
    FROM construction_projects pr
    JOIN LATERAL (SELECT cp.items FROM construction_plans cp WHERE cp.project_id = pr.id AND cp.status = 'approved' ORDER BY cp.version DESC LIMIT 1) plan ON true
    JOIN LATERAL (
      SELECT i->>'code' AS code, (i->>'expectedT')::numeric - coalesce((i->>'reuseOnSiteT')::numeric, 0) AS planned,
             (SELECT coalesce(sum(coalesce(m.received_weight_t, (m.data->>'pickupWeightT')::numeric, m.declared_weight_t)), 0) FROM manifests m
              WHERE m.stream = 'construction' AND m.data->>'projectId' = pr.id::text AND m.waste_code = i->>'code' AND m.status NOT IN ('cancelled', 'refused', 'draft')) AS t
      FROM jsonb_array_elements(plan.items) i
    ) o ON o.t > o.planned * 1.1
    WHERE pr.status <> 'finished' ${subjectId ? sql`AND pr.id = ${subjectId}::uuid` : sql``}`,
};
