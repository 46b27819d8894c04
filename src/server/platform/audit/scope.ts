import { sql, type SQL } from 'drizzle-orm';
import { AUDIT_SHARED_ENTITIES, AUDIT_STREAM_ENTITIES, auditScope, type Actor, type RegulatedWaste } from '../policy';
import { regulatedSql, streamOfCodeSql, withinRegionSql } from '../scope-sql';
import { alarmDomainSql } from '../../alarms/service';

// Which audit rows an actor reads, as one SQL condition on `audit_log` (the table is large: the
// list and the export filter and page in the database). The scope is auditScope() in policy.ts.

const a = sql.raw('audit_log');
const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
/** The row's entity id as a uuid, only for rows of that entity type (a CASE keeps the cast off other rows). */
const idOf = (entityType: string) => sql`(CASE WHEN ${a}.entity_type = ${entityType} THEN ${a}.entity_id END)::uuid`;

/**
 * Rows of the area that a department may read: shared registers and plans, and records of its waste.
 * Each record looked up is also kept to the area (its rows carry the record's region), which bounds
 * the lookups the planner may hash to the area's records.
 */
function departmentRows(waste: Exclude<RegulatedWaste, 'all'>, regionCode: string): SQL {
  const regulated = (stream: SQL, code: SQL) => regulatedSql(waste, stream, code);
  const inArea = (column: string) => withinRegionSql(sql.raw(column), regionCode);
  const byType = Object.entries(AUDIT_STREAM_ENTITIES).filter(([, types]) => types.length).map(([stream, types]) => sql`(${a}.entity_type IN (${list(types)}) AND ${regulated(sql`${stream}`, sql`''`)})`);
  return sql`(
    (${a}.entity_type IN (${list(AUDIT_SHARED_ENTITIES)}) AND ${a}.action NOT LIKE 'declaration.%')
    OR (${a}.action LIKE 'declaration.%' AND ${a}.entity_type = 'organisation' AND ${regulated(sql`${a}.after->>'stream'`, sql`''`)})
    ${byType.length ? sql`OR ${sql.join(byType, sql` OR `)}` : sql``}
    OR EXISTS (SELECT 1 FROM manifests m WHERE m.id = ${idOf('manifest')} AND ${inArea('m.region_code')} AND ${regulated(sql`m.stream`, sql`m.waste_code`)})
    OR EXISTS (SELECT 1 FROM waste_batches b WHERE b.id = ${idOf('waste_batch')} AND ${inArea('b.region_code')} AND ${regulated(sql`b.stream`, sql`b.waste_code`)})
    OR EXISTS (SELECT 1 FROM ledger_movements l WHERE l.region_code = ${a}.region_code AND l.id = (CASE WHEN ${a}.entity_type = 'ledger_movement' THEN ${a}.entity_id END)::bigint
      AND ${regulated(streamOfCodeSql(sql`l.waste_code`), sql`l.waste_code`)})
    OR EXISTS (SELECT 1 FROM declarations d WHERE d.id = ${idOf('declaration')} AND ${inArea('d.region_code')} AND ${regulated(sql`d.stream`, sql`''`)})
    OR EXISTS (SELECT 1 FROM collection_rounds r WHERE r.id = ${idOf('collection_round')} AND ${inArea('r.region_code')} AND ${regulated(sql`'hazardous'`, sql`r.waste_code`)})
    OR EXISTS (SELECT 1 FROM alarms al WHERE al.id = ${idOf('alarm')} AND ${inArea('al.region_code')} AND ${alarmDomainSql(waste, 'al')})
    OR EXISTS (SELECT 1 FROM exchange_listings x WHERE x.id = ${idOf('exchange_listing')} AND ${inArea('x.region_code')} AND ${regulated(exchangeStream(sql`x.category`), sql`''`)})
    OR EXISTS (SELECT 1 FROM exchange_contacts c JOIN exchange_listings x ON x.id = c.listing_id WHERE c.id = ${idOf('exchange_contact')} AND ${inArea('x.region_code')} AND ${regulated(exchangeStream(sql`x.category`), sql`''`)})
    OR EXISTS (SELECT 1 FROM exchange_deals dl WHERE dl.id = ${idOf('exchange_deal')} AND ${inArea('dl.region_code')} AND ${regulated(sql`(CASE WHEN dl.waste_class ~ '^SW[0-9]{2}$' THEN 'industrial' ELSE 'construction' END)`, sql`''`)}))`;
}

/** The exchange board's categories follow the streams: waste classes are industrial, recycled products construction's (exchange/service.ts). */
const exchangeStream = (category: SQL) => sql`(CASE WHEN ${category} = 'waste' THEN 'industrial' ELSE 'construction' END)`;

export function auditScopeSql(actor: Actor): SQL {
  const scope = auditScope(actor);
  if ('all' in scope) return sql`true`;
  if ('none' in scope) return sql`false`;
  if ('organisationId' in scope) return sql`${a}.organisation_id = ${scope.organisationId}::uuid`;
  const area = withinRegionSql(sql`${a}.region_code`, scope.regionCode);
  return 'waste' in scope ? sql`(${area} AND ${departmentRows(scope.waste, scope.regionCode)})` : area;
}
