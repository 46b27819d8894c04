import { sql } from 'drizzle-orm';
import type { AlarmRule } from '../rule';
import { settingInForce } from '../../settings/service';
import { KITCHEN, PICKUP_GAP_SETTING } from '../../../domain/streams/kitchen';

// 餐厨垃圾 (ADR 0006): a producer under a collection contract in force whose collector has signed for
// no pickup for more than the region's gap (kitchen.pickup_gap_days, 3 days by default): its food
// waste may be going to the drain, to pig farmers or to an unlicensed collector. The producer owns
// the alarm (it answers for where its waste went); a contract younger than the gap raises nothing.
export const kitchenNoPickup: AlarmRule = {
  key: 'kitchen_no_pickup',
  stream: KITCHEN.key,
  label: { zh: '餐厨垃圾产生单位长期无收运记录', en: 'Kitchen-waste producer without a pickup' },
  severity: 'medium',
  deadlineHours: 72,
  candidates: (now, subjectId) => sql`
    SELECT k.region_code, k.producer_id AS organisation_id, 'organisation' AS subject_type, k.producer_id::text AS subject_id,
      p.name || ' 已 ' || (today.d - coalesce(last.d, k.valid_from)) || ' 天无餐厨垃圾收运记录（签约收运单位：' || c.name || '）' AS title,
      p.name || ': no kitchen-waste pickup for ' || (today.d - coalesce(last.d, k.valid_from)) || ' days (contracted collector: ' || c.name || ')' AS title_en,
      jsonb_build_object('contractNo', k.contract_no, 'collectorId', k.collector_id, 'collector', c.name, 'lastPickup', last.d, 'gapDays', gap.days) AS details
    FROM kitchen_contracts k
    JOIN organisations p ON p.id = k.producer_id
    JOIN organisations c ON c.id = k.collector_id
    CROSS JOIN LATERAL (SELECT (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS d) today
    CROSS JOIN LATERAL (SELECT ${settingInForce(PICKUP_GAP_SETTING, sql`k.region_code`)}::int AS days) gap
    CROSS JOIN LATERAL (SELECT max(m.planned_date) AS d FROM manifests m
      WHERE m.producer_id = k.producer_id AND m.stream = ${KITCHEN.key} AND m.status IN ('in_transit', 'received', 'partially_refused', 'refused')) last
    WHERE k.ended_on IS NULL AND k.valid_from <= today.d AND k.valid_to >= today.d
      AND today.d - coalesce(last.d, k.valid_from) > gap.days
      ${subjectId ? sql`AND k.producer_id = ${subjectId}::uuid` : sql``}`,
};
