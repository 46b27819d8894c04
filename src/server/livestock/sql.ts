import { sql, type SQL } from 'drizzle-orm';
import { settingInForce } from '../settings/service';
import { SPECIES, STORAGE_DAYS_SETTING, scaleSetting } from '../../domain/agri/livestock';
import { MANURE } from '../../domain/streams/manure';

// The livestock area's SQL, shared by its lists and its indicator formulas so that a farm counts the
// same way everywhere: the records in force (not superseded), scale farms by the threshold in force
// for the farm's region, complete facilities, pig equivalents, and what went to fertiliser plants.

const caseOf = (species: SQL, value: (s: (typeof SPECIES)[number]) => SQL) =>
  sql`(CASE ${species} ${sql.join(SPECIES.map((s) => sql`WHEN ${s.value} THEN ${value(s)}`), sql` `)} END)`;

/** The farm-year rows of a year in force (alias y). */
export const farmYearsInForce = (year: number) => sql`(SELECT y.* FROM livestock_farm_years y
  WHERE y.year = ${year} AND NOT EXISTS (SELECT 1 FROM livestock_farm_years c WHERE c.supersedes = y.id))`;

/** The manure months of a year in force. */
export const manureMonthsInForce = (year: number) => sql`(SELECT mm.* FROM manure_months mm
  WHERE mm.year = ${year} AND NOT EXISTS (SELECT 1 FROM manure_months c WHERE c.supersedes = mm.id))`;

/** The threshold in force for the row's species and region. */
export const thresholdSql = (y: string) => caseOf(sql.raw(`${y}.species`), (s) => sql`${settingInForce(scaleSetting(s.value), sql.raw(`${y}.region_code`))}::float8`);

/** Whether the farm-year (alias `y`) meets its species' threshold. */
export const isScaleSql = (y: string) => sql`(${caseOf(sql.raw(`${y}.species`), (s) => sql.raw(`${y}.${s.measure === 'sold' ? 'sold_head' : 'stock_head'}`))} >= ${thresholdSql(y)})`;

/** Head in stock as pig equivalents. */
export const pigEquivalentSql = (y: string) => sql`(${sql.raw(`${y}.stock_head`)} * ${caseOf(sql.raw(`${y}.species`), (s) => sql`${s.pigEquivalent}::float8`)})`;

/** The liquid store the farm-year needs, m³ (domain/agri/livestock.ts requiredStorageM3). */
export const requiredStorageSql = (y: string) => sql`ceil(${sql.raw(`${y}.stock_head`)} * ${caseOf(sql.raw(`${y}.species`), (s) => sql`${s.dailySlurryM3}::float8`)} * ${settingInForce(STORAGE_DAYS_SETTING, sql.raw(`${y}.region_code`))})`;

/** Complete facilities (domain/agri/livestock.ts facilityGaps is the same rule). */
export const completeSql = (y: string) => sql`(${sql.raw(`${y}.rain_separated AND ${y}.covered AND ${y}.dry_yard_m2 > 0 AND ${y}.storage_m3`)} >= ${requiredStorageSql(y)})`;

/**
 * The weighbridge tonnes an organic-fertiliser plant received from the farm on hand-overs of the
 * month (by the hand-over day): what the ledger counts as 有机肥利用.
 */
export const fertiliserSql = (organisationId: SQL, year: SQL, month: SQL) => sql`(SELECT coalesce(sum(mf.received_weight_t), 0)::float8 FROM manifests mf
  WHERE mf.stream = ${MANURE.key} AND mf.producer_id = ${organisationId} AND mf.status IN ('received', 'partially_refused')
    AND mf.planned_date >= make_date(${year}, ${month}, 1) AND mf.planned_date < make_date(${year}, ${month}, 1) + interval '1 month')`;
