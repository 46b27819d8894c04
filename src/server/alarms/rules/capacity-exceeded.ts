import { sql } from 'drizzle-orm';
import { ofStreams, type AlarmRule } from '../rule';
import { licenceCovers, licenceInForce, licencePrecedence } from '../../platform/organisations/licences';

// A licensed receiver that has taken in, or has on its way, more this year than its licence allows
// (经营许可证 核准经营规模). New manifests are refused past the limit; this catches what gets there
// anyway: paper manifests entered afterwards, receptions heavier than declared, a licence cut down.
// The same notion as the manifest's capacity check (licensedReceivers): for each code the receiver
// took this year, the licence that governs it today (in force, the latest of several), against this
// year's loads of the codes that licence covers. One alarm per receiver: its most exceeded licence.
export const capacityExceeded: AlarmRule = {
  key: 'capacity_exceeded',
  stream: 'hazardous',
  label: { zh: '超过许可经营规模', en: 'Over licensed annual capacity' },
  severity: 'high',
  deadlineHours: 72,
  candidates: (now, subjectId, _subjects, streams) => sql`
    WITH y AS (
      SELECT extract(year FROM ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::int AS year, (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today),
    -- This year's tonnes per receiver and code: a few thousand rows instead of every manifest, so that
    -- summing what each governing licence covers is a join, not a scan of all the loads per licence.
    loads AS (
      SELECT m.receiver_id, m.waste_code, sum(coalesce(m.received_weight_t, m.declared_weight_t)) AS t FROM manifests m, y
      WHERE ${ofStreams(sql`m.stream`, streams)} AND m.status NOT IN ('cancelled', 'refused') ${subjectId ? sql`AND m.receiver_id = ${subjectId}::uuid` : sql``}
        AND m.planned_date >= make_date(y.year, 1, 1) AND m.planned_date < make_date(y.year + 1, 1, 1)
      GROUP BY m.receiver_id, m.waste_code),
    governing AS (
      SELECT DISTINCT g.id, g.organisation_id, g.number, g.waste_codes, g.annual_capacity_t AS capacity
      FROM loads c CROSS JOIN y
      JOIN LATERAL (
        SELECT li.* FROM licences li
        WHERE li.organisation_id = c.receiver_id AND ${licenceInForce('li', sql`y.today`)} AND ${licenceCovers('li', sql`c.waste_code`)}
        ORDER BY ${licencePrecedence('li')} LIMIT 1
      ) g ON true),
    exceeded AS (
      SELECT g.id, g.organisation_id, g.number, g.capacity, sum(ld.t) AS committed
      FROM governing g JOIN loads ld ON ld.receiver_id = g.organisation_id AND ${licenceCovers('g', sql`ld.waste_code`)}
      GROUP BY g.id, g.organisation_id, g.number, g.capacity)
    SELECT DISTINCT ON (o.id) o.region_code, o.id AS organisation_id, 'organisation' AS subject_type, o.id::text AS subject_id,
           o.name || ' 今年已接收及在途 ' || round(e.committed, 3) || ' 吨，超过许可经营规模 ' || round(e.capacity, 3) || ' 吨（' || e.number || '）' AS title,
           o.name || ': ' || round(e.committed, 3) || ' t received or on the way this year, over the licensed ' || round(e.capacity, 3) || ' t (' || e.number || ')' AS title_en,
           jsonb_build_object('year', y.year, 'committedT', round(e.committed, 3), 'capacityT', round(e.capacity, 3), 'licenceNo', e.number) AS details
    FROM exceeded e JOIN organisations o ON o.id = e.organisation_id, y
    WHERE e.committed > e.capacity
    ORDER BY o.id, e.committed - e.capacity DESC`,
};
