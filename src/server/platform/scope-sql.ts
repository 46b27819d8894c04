import { sql, type SQL } from 'drizzle-orm';
import { regionScopePrefix } from '../../domain/region-code';
import { STREAM_DEFINITIONS } from '../../domain/streams';
import { regulatedWaste, type Actor, type RegulatedWaste } from './policy';

// The access rules of policy.ts as SQL conditions, for the lists, feeds and exports that filter in
// the database. Table aliases are passed as plain identifiers chosen by the caller, never input.

const like = (regionCode: string) => `${regionScopePrefix(regionCode)}%`;

/** Records of the waste an official regulates, given the record's stream and waste code. */
export function regulatedSql(waste: RegulatedWaste, stream: SQL, code: SQL): SQL {
  if (waste === 'all') return sql`true`;
  if (!waste.length) return sql`false`;
  return sql`(${sql.join(waste.map((w) => (w.codePrefix ? sql`(${stream} = ${w.stream} AND ${code} LIKE ${`${w.codePrefix}%`})` : sql`${stream} = ${w.stream}`)), sql` OR `)})`;
}

/** For an official, the records of the waste it regulates; anyone else is not limited here (its scope is its organisation). */
export function seesWasteSql(actor: Actor, stream: SQL, code: SQL): SQL {
  return actor.role === 'office' || actor.role === 'regulator' ? regulatedSql(regulatedWaste(actor), stream, code) : sql`true`;
}

/**
 * The stream a waste code belongs to, for records that keep only the code (ledger movements), by
 * the code patterns of the stream definitions (SW01… general industrial, CW01… construction waste,
 * 900-041-49 hazardous).
 */
export const streamOfCodeSql = (code: SQL) =>
  sql`(CASE ${sql.join(STREAM_DEFINITIONS.map((d) => sql`WHEN ${code} ~ ${d.codePattern.source} THEN ${d.key}`), sql` `)} END)`;

/**
 * Who sees a manifest, as a condition on the alias of a manifests row: its parties, the officials
 * whose area holds the producer or the receiver and who regulate its waste, the platform admin.
 * The same rule as canSeeManifest() and visibility() in manifests/service.ts.
 */
export function manifestVisibleSql(actor: Actor, alias: string): SQL {
  const m = sql.raw(alias);
  if (actor.role === 'platform_admin') return sql`true`;
  if (actor.role === 'office' || actor.role === 'regulator') {
    const area = sql`(${m}.region_code LIKE ${like(actor.regionCode)} OR ${m}.receiver_region_code LIKE ${like(actor.regionCode)})`;
    return sql`(${area} AND ${regulatedSql(regulatedWaste(actor), sql`${m}.stream`, sql`${m}.waste_code`)})`;
  }
  if (!actor.organisationId) return sql`false`;
  const org = actor.organisationId;
  return sql`(${m}.producer_id = ${org}::uuid OR ${m}.receiver_id = ${org}::uuid OR ${m}.transporter_ids @> ARRAY[${org}::uuid])`;
}

/** A region's subtree as a condition on a region-code column. */
export const withinRegionSql = (column: SQL, regionCode: string) => sql`${column} LIKE ${like(regionCode)}`;
