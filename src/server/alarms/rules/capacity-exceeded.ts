import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';

// A licensed receiver that has taken in, or has on its way, more this year than its licences allow
// (经营许可证 核准经营规模). New manifests are refused past the limit; this catches what gets there
// anyway: paper manifests entered afterwards, receptions heavier than declared, a licence cut down.
export const capacityExceeded: AlarmRule = {
  key: 'capacity_exceeded',
  label: { zh: '超过许可经营规模', en: 'Over licensed annual capacity' },
  severity: 'high',
  deadlineHours: 72,
  candidates: (now, subjectId) => sql`
    SELECT o.region_code, o.id AS organisation_id, 'organisation' AS subject_type, o.id::text AS subject_id,
           o.name || ' 今年已接收及在途 ' || round(c.committed, 3) || ' 吨，超过许可经营规模 ' || round(l.capacity, 3) || ' 吨' AS title,
           o.name || ': ' || round(c.committed, 3) || ' t received or on the way this year, over the licensed ' || round(l.capacity, 3) || ' t' AS title_en,
           jsonb_build_object('year', y.year, 'committedT', round(c.committed, 3), 'capacityT', round(l.capacity, 3)) AS details
    FROM (SELECT extract(year FROM ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::int AS year, (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today) y
    JOIN LATERAL (
      SELECT li.organisation_id, sum(li.annual_capacity_t) AS capacity FROM licences li
      WHERE li.active AND li.valid_from <= y.today AND li.valid_to >= y.today ${subjectId ? sql`AND li.organisation_id = ${subjectId}::uuid` : sql``}
      GROUP BY li.organisation_id
    ) l ON true
    JOIN organisations o ON o.id = l.organisation_id
    JOIN LATERAL (
      SELECT coalesce(sum(coalesce(m.received_weight_t, m.declared_weight_t)), 0) AS committed FROM manifests m
      WHERE m.receiver_id = l.organisation_id AND m.stream = 'hazardous' AND m.status NOT IN ('cancelled', 'refused')
        AND m.planned_date >= make_date(y.year, 1, 1) AND m.planned_date < make_date(y.year + 1, 1, 1)
    ) c ON c.committed > l.capacity`,
};
