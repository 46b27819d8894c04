import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatesStream, type Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { containsPattern } from '../http/pagination';
import { settingFor } from '../settings/service';
import { MANURE } from '../../domain/streams/manure';
import { STORAGE_DAYS_SETTING, estimatedManureT, facilityGaps, manureBalance, scaleSetting, speciesRule, utilisationRate, type Species } from '../../domain/agri/livestock';
import { livestockFarmYears, manureMonths } from './schema';
import { completeSql, farmYearsInForce, fertiliserSql, isScaleSql, manureMonthsInForce, pigEquivalentSql, thresholdSql } from './sql';

// 畜禽养殖场 register and 畜禽粪污台账 (issue 16). Who sees what: the agriculture bureau and its town
// stations their area's farms, the zero-waste office and a general department all of their area, a
// farm itself; a fertiliser plant sees the hand-overs to it (manifests), not the farms' books. Who
// writes: the farm (its administrator or a member), or an agriculture official whose area holds it.
// Nothing is edited: a correction is a new row naming the one it supersedes.

type Ctx = AuditContext & { actor: Actor };

/**
 * A livestock farm (alias `o`): a company with the capability 'farm' that is on the livestock register
 * (a crop co-operative is a farm too, but keeps no livestock). A farm enters the register with its first record.
 */
export const LIVESTOCK_FARM = sql`o.kind = 'enterprise' AND o.capabilities @> ARRAY['farm']::text[] AND EXISTS (SELECT 1 FROM livestock_farm_years r WHERE r.organisation_id = o.id)`;

const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';
const isFarmStaff = (a: Actor) => (a.role === 'enterprise_admin' || a.role === 'enterprise_member') && a.organisationStatus === 'verified' && !!a.organisationId;

/** The farms (organisations, alias `o`) the actor may see. */
export function farmScope(a: Actor, o = 'o'): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) {
    if (!regulatesStream(a, MANURE.key)) throw forbidden('畜禽养殖与粪污由农业农村部门监管', 'Livestock farms and manure are regulated by agriculture');
    return sql`${sql.raw(`${o}.region_code`)} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  }
  if (!a.organisationId) throw forbidden();
  return sql`${sql.raw(`${o}.id`)} = ${a.organisationId}`;
}

/**
 * The farm a write is for: a farm's own staff write for their farm only (a farm named in the request
 * must be theirs); an agriculture official names a farm of his area. Locked for the transaction, so
 * two records of the same period meet one after the other.
 */
async function writableFarm(tx: Queryable, a: Actor, farmId: string | undefined) {
  let id: string;
  if (isFarmStaff(a)) {
    if (farmId && farmId !== a.organisationId) throw forbidden('只能为本养殖场登记', 'You record for your own farm only');
    id = a.organisationId!;
  } else if (a.role === 'regulator' && a.domain === 'agriculture') {
    if (!farmId) throw badRequest('FARM_REQUIRED', '请选择养殖场', 'Choose the farm', 'farmId');
    id = farmId;
  } else {
    throw forbidden('畜禽养殖场登记和粪污台账由养殖场或农业农村部门填报', 'The farm or the agriculture department records farms and manure');
  }
  const [farm] = await tx.select().from(organisations).where(eq(organisations.id, id)).for('update');
  if (!farm || (a.role === 'regulator' && !regionWithin(farm.regionCode, a.regionCode))) throw notFound({ zh: '养殖场', en: 'Farm' });
  if (isFarmStaff(a) && !farm.capabilities.includes('farm')) throw forbidden('本单位未登记为畜禽养殖场', 'Your organisation is not registered as a farm');
  if (!farm.capabilities.includes('farm') || farm.status !== 'verified') {
    throw badRequest('NOT_A_FARM', `${farm.name} 不是已审核的养殖场`, `${farm.name} is not a verified farm`, 'farmId');
  }
  return farm;
}

export interface FarmYearInput {
  farmId?: string; year: number; species: Species; stockHead: number; soldHead: number;
  storageM3: number; dryYardM2: number; covered: boolean; rainSeparated: boolean; facilityKind: string;
  demonstrationLevel?: string | null; demonstrationYear?: number | null;
  supersedes?: string; correctionReason?: string;
}

/** The row a correction supersedes: of the same farm and period, and not already corrected. */
async function supersededRow<T extends { id: string; organisationId: string }>(tx: Queryable, table: typeof livestockFarmYears | typeof manureMonths, id: string, farmId: string, samePeriod: (row: T) => boolean): Promise<T> {
  const [row] = (await tx.select().from(table).where(eq(table.id, id))) as unknown as T[];
  if (!row || row.organisationId !== farmId || !samePeriod(row)) throw badRequest('NOT_CORRECTABLE', '要更正的记录不属于该养殖场的同一期间', 'The record to correct is not of this farm and period', 'supersedes');
  const [later] = await tx.select({ id: table.id }).from(table).where(eq(table.supersedes, id));
  if (later) throw conflict('ALREADY_CORRECTED', '该记录已被更正，请在最新的记录上更正', 'That record was already corrected: correct the latest one', 'supersedes');
  return row;
}

/** A farm's figures for a year (or their correction), with its audit row, in one transaction. */
export async function recordFarmYear(db: Db, ctx: Ctx, input: FarmYearInput) {
  const a = ctx.actor;
  if ((input.demonstrationLevel == null) !== (input.demonstrationYear == null)) {
    throw badRequest('DEMONSTRATION_INCOMPLETE', '标准化示范场须同时填写级别和认定年份', 'A demonstration-farm designation needs both its level and its year', input.demonstrationLevel == null ? 'demonstrationLevel' : 'demonstrationYear');
  }
  if (input.demonstrationYear != null && input.demonstrationYear > input.year) {
    throw badRequest('DEMONSTRATION_LATER', '认定年份不能晚于登记年度', 'The designation cannot be later than the year recorded', 'demonstrationYear');
  }
  if (input.supersedes && !input.correctionReason) throw badRequest('REASON_REQUIRED', '更正须说明原因', 'A correction needs its reason', 'correctionReason');
  return db.transaction(async (tx) => {
    const farm = await writableFarm(tx, a, input.farmId);
    if (input.supersedes) {
      await supersededRow<typeof livestockFarmYears.$inferSelect>(tx, livestockFarmYears, input.supersedes, farm.id, (r) => r.year === input.year);
    } else {
      const [first] = await tx.select({ id: livestockFarmYears.id }).from(livestockFarmYears).where(and(eq(livestockFarmYears.organisationId, farm.id), eq(livestockFarmYears.year, input.year))).limit(1);
      if (first) throw conflict('ALREADY_RECORDED', `${farm.name} ${input.year}年已登记，如需修改请提交更正`, `${farm.name} is already recorded for ${input.year}: submit a correction instead`, 'year');
    }
    const [row] = await tx.insert(livestockFarmYears).values({
      regionCode: farm.regionCode, organisationId: farm.id, year: input.year, species: input.species, stockHead: input.stockHead, soldHead: input.soldHead,
      storageM3: input.storageM3, dryYardM2: input.dryYardM2, covered: input.covered, rainSeparated: input.rainSeparated, facilityKind: input.facilityKind,
      demonstrationLevel: input.demonstrationLevel ?? null, demonstrationYear: input.demonstrationYear ?? null,
      supersedes: input.supersedes ?? null, correctionReason: input.correctionReason ?? null, recordedBy: a.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: input.supersedes ? 'livestock_farm_year.correct' : 'livestock_farm_year.record', entityType: 'livestock_farm_year', entityId: row.id, regionCode: row.regionCode, organisationId: farm.id, after: row });
    return { ...row, farmName: farm.name, ...(await judged(tx, row)) };
  });
}

/** Scale farm and facility gaps of a farm-year, by the settings in force for its region. */
async function judged(q: Queryable, row: typeof livestockFarmYears.$inferSelect) {
  const species = row.species as Species;
  const [threshold, storageDays] = await Promise.all([settingFor(q, scaleSetting(species), row.regionCode), settingFor(q, STORAGE_DAYS_SETTING, row.regionCode)]);
  const measure = speciesRule(species)!.measure;
  const gaps = facilityGaps(species, row.stockHead, row, storageDays);
  return { threshold, measure, scale: (measure === 'stock' ? row.stockHead : row.soldHead) >= threshold, facilityGaps: gaps, complete: gaps.length === 0 };
}

export interface ManureMonthInput {
  farmId?: string; year: number; month: number; basis: 'coefficient' | 'measured'; generatedT?: number; generatedNote?: string;
  fieldT: number; fieldAreaMu?: number; biogasT: number; soldT: number; soldTo?: string; note?: string;
  supersedes?: string; correctionReason?: string;
}

/**
 * A farm's manure for a month (or its correction): generated by the coefficient from the year's head
 * in stock, or as measured with a note saying how; used on the land (with its area), for biogas,
 * sold (to whom). What went to a fertiliser plant comes from the hand-overs, not from here.
 */
export async function recordManureMonth(db: Db, ctx: Ctx, input: ManureMonthInput, today: string) {
  const a = ctx.actor;
  const period = `${input.year}-${String(input.month).padStart(2, '0')}`;
  if (period > today.slice(0, 7)) throw badRequest('FUTURE_MONTH', `${period} 尚未到来`, `${period} has not come yet`, 'month');
  if (input.fieldT > 0 && !(input.fieldAreaMu && input.fieldAreaMu > 0)) throw badRequest('FIELD_AREA_REQUIRED', '还田利用须填写还田土地面积（亩）', 'Manure spread on fields needs the land area (mu)', 'fieldAreaMu');
  if (input.soldT > 0 && !input.soldTo) throw badRequest('BUYER_REQUIRED', '出售须填写购买方', 'A sale needs its buyer', 'soldTo');
  if (input.basis === 'measured' && input.generatedT === undefined) throw badRequest('GENERATED_REQUIRED', '实测须填写产生量（吨）', 'A measured month needs the tonnes generated', 'generatedT');
  if (input.basis === 'measured' && !input.generatedNote) throw badRequest('MEASUREMENT_NOTE_REQUIRED', '实测须说明计量方式', 'A measured figure needs a note on how it was measured', 'generatedNote');
  if (input.supersedes && !input.correctionReason) throw badRequest('REASON_REQUIRED', '更正须说明原因', 'A correction needs its reason', 'correctionReason');
  return db.transaction(async (tx) => {
    const farm = await writableFarm(tx, a, input.farmId);
    let generatedT = input.generatedT ?? 0;
    if (input.basis === 'coefficient') {
      const [year] = (await tx.execute<{ species: Species; stock_head: number }>(sql`SELECT y.species, y.stock_head FROM ${farmYearsInForce(input.year)} y WHERE y.organisation_id = ${farm.id}`)).rows;
      if (!year) throw conflict('NO_FARM_YEAR', `${farm.name} 尚未登记${input.year}年存栏量，无法按系数测算：请先登记或填写实测量`, `${farm.name} has no head count for ${input.year}: record it first, or give a measured figure`, 'basis');
      generatedT = estimatedManureT(year.species, year.stock_head, input.year, input.month);
    }
    if (input.supersedes) {
      await supersededRow<typeof manureMonths.$inferSelect>(tx, manureMonths, input.supersedes, farm.id, (r) => r.year === input.year && r.month === input.month);
    } else {
      const [first] = await tx.select({ id: manureMonths.id }).from(manureMonths)
        .where(and(eq(manureMonths.organisationId, farm.id), eq(manureMonths.year, input.year), eq(manureMonths.month, input.month))).limit(1);
      if (first) throw conflict('ALREADY_RECORDED', `${farm.name} ${period} 的粪污台账已填报，如需修改请提交更正`, `${farm.name} has already recorded ${period}: submit a correction instead`, 'month');
    }
    const [row] = await tx.insert(manureMonths).values({
      regionCode: farm.regionCode, organisationId: farm.id, year: input.year, month: input.month, basis: input.basis, generatedT,
      generatedNote: input.generatedNote ?? null, fieldT: input.fieldT, fieldAreaMu: input.fieldT > 0 ? input.fieldAreaMu! : (input.fieldAreaMu ?? null),
      biogasT: input.biogasT, soldT: input.soldT, soldTo: input.soldT > 0 ? input.soldTo! : null, note: input.note ?? null,
      supersedes: input.supersedes ?? null, correctionReason: input.correctionReason ?? null, recordedBy: a.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: input.supersedes ? 'manure_month.correct' : 'manure_month.record', entityType: 'manure_month', entityId: row.id, regionCode: row.regionCode, organisationId: farm.id, after: row });
    const [{ t }] = (await tx.execute<{ t: number }>(sql`SELECT ${fertiliserSql(sql`${farm.id}::uuid`, sql`${input.year}::int`, sql`${input.month}::int`)} AS t`)).rows;
    return { ...row, farmName: farm.name, fertiliserT: t, ...manureBalance({ ...row, fertiliserT: t }) };
  });
}

export interface FarmFilter { year: number; q?: string; regionCode?: string; species?: string; scale?: boolean }

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * The farms of a scope with their year: species, head counts, scale farm or not (by the threshold in
 * force for the farm's place), facilities and what is missing, designation, and the year's manure
 * (generated, used by way, the rate). One page at a time; a farm with no record for the year shows
 * without figures.
 */
export async function pageFarmsWhere(db: Queryable, scope: SQL, f: FarmFilter, page: number, pageSize: number) {
  const y = farmYearsInForce(f.year), months = manureMonthsInForce(f.year);
  const where = and(LIVESTOCK_FARM, scope,
    f.q ? sql`o.name LIKE ${containsPattern(f.q)}` : undefined,
    f.regionCode ? sql`o.region_code LIKE ${`${regionScopePrefix(f.regionCode)}%`}` : undefined,
    f.species ? sql`y.species = ${f.species}` : undefined,
    f.scale === undefined ? undefined : f.scale ? sql`y.id IS NOT NULL AND ${isScaleSql('y')}` : sql`(y.id IS NULL OR NOT ${isScaleSql('y')})`);
  const from = sql`organisations o LEFT JOIN ${y} y ON y.organisation_id = o.id LEFT JOIN regions rg ON rg.code = o.region_code`;
  const [rows, counted] = await Promise.all([
    db.execute<{
      id: string; name: string; regionCode: string; regionName: string | null; yearId: string | null; species: Species | null; stockHead: number | null; soldHead: number | null;
      storageM3: number | null; dryYardM2: number | null; covered: boolean | null; rainSeparated: boolean | null; facilityKind: string | null;
      demonstrationLevel: string | null; demonstrationYear: number | null; threshold: number | null; scale: boolean | null; complete: boolean | null; pigEquivalents: number | null;
      months: number; generatedT: number; fieldT: number; fieldAreaMu: number; biogasT: number; soldT: number; fertiliserT: number;
    }>(sql`
      SELECT o.id, o.name, o.region_code AS "regionCode", rg.name AS "regionName", y.id AS "yearId", y.species, y.stock_head AS "stockHead", y.sold_head AS "soldHead",
        y.storage_m3::float8 AS "storageM3", y.dry_yard_m2::float8 AS "dryYardM2", y.covered, y.rain_separated AS "rainSeparated", y.facility_kind AS "facilityKind",
        y.demonstration_level AS "demonstrationLevel", y.demonstration_year AS "demonstrationYear",
        CASE WHEN y.id IS NULL THEN NULL ELSE ${thresholdSql('y')} END AS threshold, CASE WHEN y.id IS NULL THEN NULL ELSE ${isScaleSql('y')} END AS scale,
        CASE WHEN y.id IS NULL THEN NULL ELSE ${completeSql('y')} END AS complete, CASE WHEN y.id IS NULL THEN NULL ELSE ${pigEquivalentSql('y')} END AS "pigEquivalents",
        coalesce(m.months, 0)::int AS months, coalesce(m.generated, 0)::float8 AS "generatedT", coalesce(m.field, 0)::float8 AS "fieldT", coalesce(m.area, 0)::float8 AS "fieldAreaMu",
        coalesce(m.biogas, 0)::float8 AS "biogasT", coalesce(m.sold, 0)::float8 AS "soldT", coalesce(m.fertiliser, 0)::float8 AS "fertiliserT"
      FROM ${from}
      LEFT JOIN LATERAL (SELECT count(*) AS months, sum(mm.generated_t) AS generated, sum(mm.field_t) AS field, sum(mm.field_area_mu) AS area, sum(mm.biogas_t) AS biogas, sum(mm.sold_t) AS sold,
          sum(${fertiliserSql(sql`mm.organisation_id`, sql`mm.year`, sql`mm.month`)}) AS fertiliser
        FROM ${months} mm WHERE mm.organisation_id = o.id) m ON true
      WHERE ${where} ORDER BY o.region_code, o.name, o.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`),
  ]);
  const items = rows.rows.map((r) => {
    const used = r.fieldT + r.fertiliserT + r.biogasT + r.soldT;
    return {
      ...r, year: f.year, usedT: round(used), unusedT: round(Math.max(0, r.generatedT - used)), utilisationRate: utilisationRate(used, r.generatedT),
      pigEquivalents: r.pigEquivalents === null ? null : Math.round(r.pigEquivalents * 10) / 10,
      generatedT: round(r.generatedT), fieldT: round(r.fieldT), biogasT: round(r.biogasT), soldT: round(r.soldT), fertiliserT: round(r.fertiliserT),
    };
  });
  return { items, total: counted.rows[0].total, page, pageSize };
}

export const pageFarms = (db: Db, actor: Actor, f: FarmFilter, page: number, pageSize: number) => pageFarmsWhere(db, farmScope(actor), f, page, pageSize);

/** The farm as the actor may see it, or a 404 (never a 403: its existence is not revealed). */
async function visibleFarm(db: Db, actor: Actor, farmId: string) {
  const [farm] = (await db.execute<{ id: string; name: string; regionCode: string }>(sql`SELECT o.id, o.name, o.region_code AS "regionCode" FROM organisations o
    WHERE o.id = ${farmId} AND ${LIVESTOCK_FARM} AND ${farmScope(actor)}`)).rows;
  if (!farm) throw notFound({ zh: '养殖场', en: 'Farm' });
  return farm;
}

/** A farm's yearly records, newest first, corrections and the rows they replaced alike (the history). */
export async function pageFarmYears(db: Db, actor: Actor, farmId: string, page: number, pageSize: number) {
  const farm = await visibleFarm(db, actor, farmId);
  const where = eq(livestockFarmYears.organisationId, farm.id);
  // Spelt out: drizzle writes a selected column of a one-table query without its table, which the subquery would read as its own.
  const inForce = sql<boolean>`NOT EXISTS (SELECT 1 FROM livestock_farm_years c WHERE c.supersedes = livestock_farm_years.id)`;
  const [rows, [{ total }]] = await Promise.all([
    db.select({ row: livestockFarmYears, inForce }).from(livestockFarmYears).where(where).orderBy(desc(livestockFarmYears.year), desc(livestockFarmYears.recordedAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(livestockFarmYears).where(where),
  ]);
  const items = [];
  for (const r of rows) items.push({ ...r.row, inForce: r.inForce, ...(await judged(db, r.row)) });
  return { farm, items, total, page, pageSize };
}

/** A farm's (or the scope's) monthly manure records of a year, with what went to fertiliser plants and the month's balance. */
export async function pageManureMonths(db: Db, actor: Actor, f: { farmId?: string; year: number; history?: boolean }, page: number, pageSize: number) {
  if (f.farmId) await visibleFarm(db, actor, f.farmId);
  const where = and(eq(manureMonths.year, f.year), f.farmId ? eq(manureMonths.organisationId, f.farmId) : undefined,
    sql`EXISTS (SELECT 1 FROM organisations o WHERE o.id = ${manureMonths.organisationId} AND ${farmScope(actor)})`,
    f.history ? undefined : sql`NOT EXISTS (SELECT 1 FROM manure_months c WHERE c.supersedes = ${manureMonths.id})`);
  const inForce = sql<boolean>`NOT EXISTS (SELECT 1 FROM manure_months c WHERE c.supersedes = manure_months.id)`;
  const fertiliser = sql<number>`${fertiliserSql(sql.raw('manure_months.organisation_id'), sql.raw('manure_months.year'), sql.raw('manure_months.month'))}`;
  const farmName = sql<string>`(SELECT name FROM organisations o WHERE o.id = manure_months.organisation_id)`;
  const [rows, [{ total }]] = await Promise.all([
    db.select({ row: manureMonths, inForce, fertiliserT: fertiliser, farmName }).from(manureMonths).where(where)
      .orderBy(manureMonths.month, farmName, desc(manureMonths.recordedAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(manureMonths).where(where),
  ]);
  const items = rows.map((r) => ({ ...r.row, farmName: r.farmName, inForce: r.inForce, fertiliserT: round(r.fertiliserT), ...manureBalance({ ...r.row, fertiliserT: r.fertiliserT }) }));
  return { items, total, page, pageSize };
}

/** What a farm may hand its manure to: the verified organic-fertiliser plants of its city. */
export async function fertiliserPlants(q: Queryable, cityPrefix: string) {
  return q.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations)
    .where(and(eq(organisations.status, 'verified'), sql`${organisations.capabilities} @> ARRAY['fertiliser_plant']::text[]`, sql`${organisations.regionCode} LIKE ${`${cityPrefix}%`}`))
    .orderBy(organisations.name).limit(100);
}
