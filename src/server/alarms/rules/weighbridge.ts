import { sql, type SQL } from 'drizzle-orm';
import type { AlarmRule } from '../rule';

// 地磅预警 (household waste, ADR 0006): what a weighbridge ticket reveals about the truck that brought
// the load. Each rule looks at the tickets received in the last days that still stand (not replaced
// by a later correction or cancellation); an alarm is about the original ticket, so a correction does
// not raise it twice. The truck's company owns it; an unknown plate, the facility's operator.
const WINDOW = sql`interval '3 days'`;

/**
 * The standing versions of recent tickets: of one original ticket (an event), of the originals a
 * batch just wrote (after an ingest, through the key and the corrects index), or of all (the scan).
 */
const standing = (now: Date, subjectId?: string, subjects?: readonly string[]) => sql`
  SELECT w.*, coalesce(w.corrects, w.id) AS original, f.name AS facility_name, f.organisation_id AS operator_id,
    v.organisation_id AS owner_id, v.load_t, hv.tare_t AS registered_tare, hv.waste_class AS truck_class
  FROM weighbridge_tickets w
  JOIN household_facilities f ON f.id = w.facility_id
  LEFT JOIN vehicles v ON v.id = w.vehicle_id
  LEFT JOIN household_vehicles hv ON hv.vehicle_id = w.vehicle_id
  WHERE w.kind <> 'cancellation' AND w.received_at >= ${now}::timestamptz - ${WINDOW}
    AND NOT EXISTS (SELECT 1 FROM weighbridge_tickets l WHERE l.region_code = w.region_code AND l.corrects = coalesce(w.corrects, w.id) AND l.seq > w.seq)
    ${subjectId ? sql`AND coalesce(w.corrects, w.id) = ${subjectId}::uuid` : sql``}
    ${subjects ? sql`AND (w.id = ANY(${sql.param(subjects)}::uuid[]) OR w.corrects = ANY(${sql.param(subjects)}::uuid[]))` : sql``}`;

/**
 * A rule about the standing tickets `t`: who owns the alarm (the truck's company, or the facility's
 * operator), its title in both languages, what it adds to the ticket's details, a join and the condition.
 */
function ticketRule(r: Pick<AlarmRule, 'key' | 'label' | 'severity' | 'deadlineHours'> & {
  owner: 'owner_id' | 'operator_id'; title: SQL; titleEn: SQL; extra?: SQL; join?: SQL; where: SQL;
}): AlarmRule {
  return {
    key: r.key, label: r.label, severity: r.severity, deadlineHours: r.deadlineHours, stream: 'household',
    candidates: (now, subjectId, subjects) => sql`
      SELECT t.region_code, t.${sql.raw(r.owner)} AS organisation_id, 'weighbridge_ticket' AS subject_type, t.original::text AS subject_id,
        ${r.title} AS title, ${r.titleEn} AS title_en,
        jsonb_build_object('ticketNo', t.ticket_no, 'plate', t.plate, 'facility', t.facility_name, 'facilityId', t.facility_id, 'netT', t.net_t, 'tareT', t.tare_t, 'wasteClass', t.waste_class, 'outAt', t.out_at)
          || ${r.extra ?? sql`'{}'::jsonb`} AS details
      FROM (${standing(now, subjectId, subjects)}) t ${r.join ?? sql``}
      WHERE ${r.where}`,
  };
}

export const weighbridgeUnknownPlate = ticketRule({
  key: 'weighbridge_unknown_plate',
  label: { zh: '进场车辆未登记为生活垃圾收运车辆', en: 'Truck at a facility not registered for household collection' },
  severity: 'medium', deadlineHours: 48, owner: 'operator_id',
  title: sql`t.facility_name || ' 磅单 ' || t.ticket_no || '：车辆 ' || t.plate || ' 未登记为生活垃圾收运车辆'`,
  titleEn: sql`t.facility_name || ' ticket ' || t.ticket_no || ': truck ' || t.plate || ' is not a registered collection truck'`,
  where: sql`t.vehicle_id IS NULL`,
});

export const weighbridgeOverload = ticketRule({
  key: 'weighbridge_overload',
  label: { zh: '净重超过车辆核定载质量', en: 'Net weight over the truck’s rated load' },
  severity: 'high', deadlineHours: 24, owner: 'owner_id',
  title: sql`t.plate || ' 在 ' || t.facility_name || ' 净重 ' || round(t.net_t, 2) || ' 吨，超过核定载质量 ' || round(t.load_t, 2) || ' 吨（磅单 ' || t.ticket_no || '）'`,
  titleEn: sql`t.plate || ' at ' || t.facility_name || ': net ' || round(t.net_t, 2) || ' t over its rated load of ' || round(t.load_t, 2) || ' t (ticket ' || t.ticket_no || ')'`,
  extra: sql`jsonb_build_object('loadT', t.load_t)`,
  where: sql`t.load_t IS NOT NULL AND t.net_t > t.load_t`,
});

export const weighbridgeTareDrift = ticketRule({
  key: 'weighbridge_tare_drift',
  label: { zh: '称重皮重偏离车辆登记皮重', en: 'Weighed tare drifts from the registered tare' },
  severity: 'medium', deadlineHours: 48, owner: 'owner_id',
  title: sql`t.plate || ' 在 ' || t.facility_name || ' 皮重 ' || round(t.tare_t, 2) || ' 吨，登记皮重 ' || round(t.registered_tare, 2) || ' 吨（磅单 ' || t.ticket_no || '）'`,
  titleEn: sql`t.plate || ' at ' || t.facility_name || ': tare ' || round(t.tare_t, 2) || ' t against a registered ' || round(t.registered_tare, 2) || ' t (ticket ' || t.ticket_no || ')'`,
  extra: sql`jsonb_build_object('registeredTareT', t.registered_tare)`,
  where: sql`t.registered_tare IS NOT NULL AND abs(t.tare_t - t.registered_tare) > greatest(0.3, t.registered_tare * 0.05)`,
});

export const weighbridgeOffRoute = ticketRule({
  key: 'weighbridge_off_route',
  label: { zh: '车辆在其线路不去往的设施称重', en: 'Truck weighed at a facility its route does not go to' },
  severity: 'medium', deadlineHours: 48, owner: 'owner_id',
  title: sql`t.plate || ' 在 ' || t.facility_name || ' 称重，不是其收运线路的去向设施（磅单 ' || t.ticket_no || '）'`,
  titleEn: sql`t.plate || ' weighed at ' || t.facility_name || ', which its route does not go to (ticket ' || t.ticket_no || ')'`,
  where: sql`CASE WHEN t.route_id IS NOT NULL THEN NOT EXISTS (SELECT 1 FROM household_routes r WHERE r.id = t.route_id AND t.facility_id = ANY(r.facility_ids))
      ELSE t.vehicle_id IS NOT NULL AND EXISTS (SELECT 1 FROM household_routes r WHERE r.active AND t.vehicle_id = ANY(r.vehicle_ids))
        AND NOT EXISTS (SELECT 1 FROM household_routes r WHERE r.active AND t.vehicle_id = ANY(r.vehicle_ids) AND t.facility_id = ANY(r.facility_ids)) END`,
});

export const weighbridgeMixed = ticketRule({
  key: 'weighbridge_mixed',
  label: { zh: '分类收运线路混装混运', en: 'Mixed waste delivered on a sorted route' },
  severity: 'high', deadlineHours: 24, owner: 'owner_id',
  title: sql`t.plate || ' 在「' || r.name || '」线路交付的垃圾记为 ' || t.waste_class || '，与线路类别 ' || r.waste_class || ' 不符（磅单 ' || t.ticket_no || '）'`,
  titleEn: sql`t.plate || ' on route ' || r.name || ' delivered ' || t.waste_class || ', not the route''s ' || r.waste_class || ' (ticket ' || t.ticket_no || ')'`,
  extra: sql`jsonb_build_object('route', r.name, 'routeClass', r.waste_class)`,
  join: sql`JOIN household_routes r ON r.id = t.route_id`,
  where: sql`t.waste_class <> r.waste_class`,
});

export const WEIGHBRIDGE_RULES = [weighbridgeUnknownPlate, weighbridgeOverload, weighbridgeTareDrift, weighbridgeOffRoute, weighbridgeMixed].map((r) => r.key);
