import crypto from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatedWaste, regulates, type Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { badRequest, forbidden } from '../http/errors';
import { forbiddenMulch, ledgerOf, filmLedgerLabel, filmTypeLabel, recoveryRate, MIN_PE_MULCH_MM, type FilmLedger, type FilmType } from '../../domain/agri/film';
import { cropLabel } from '../../domain/agri/straw';
import { filmRecords, filmRefusals } from './schema';
import { runRule } from '../alarms/engine';
import { filmThinMulch } from '../alarms/rules/film';

// 农膜 (issue 16): four ledgers kept by the companies themselves: a farm-input dealer's sales, a
// co-operative's or large farm's use, a town collection point's take-back, a recycler's intake. A
// company records in the ledger of its capability only, as itself; the departments that regulate
// film (agriculture; a general department and the office see all) read their area's, by town.
// A dealer's sale of PE mulch under 0.010 mm is refused, and the refusal is kept and raised.

export type Ctx = AuditContext & { actor: Actor };

const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';

/** The film records an actor may read: an official who regulates film its area's, a company its own. */
export function filmScope(a: Actor, column: { region: SQL; organisation: SQL }): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) {
    if (!regulates(regulatedWaste(a), 'film', '')) throw forbidden('农膜台账由农业农村部门监管', 'Farm film is regulated by the agriculture departments');
    return sql`${column.region} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  }
  if (!a.organisationId || a.role === 'resident') throw forbidden();
  return sql`${column.organisation} = ${a.organisationId}`;
}

export interface FilmInput {
  day: string; filmType: FilmType; thicknessMm?: number; tonnes: number; regionCode?: string; crop?: string; areaMu?: number;
  counterpartId?: string; counterpartName?: string; remark?: string; supersedes?: string;
}

const say = (code: string, field: string, zh: string, en: string) => badRequest(code, zh, en, field);

/**
 * A company records a row of its ledger. Checks who it is (a verified company whose capability
 * gives the ledger), the place (its own town, or a town of its county where the film is used or
 * collected), the other party, and for a sale the thickness; writes the row with its audit record.
 */
export async function recordFilm(db: Db, ctx: Ctx, input: FilmInput) {
  const a = ctx.actor;
  if (a.via !== 'session' || (a.role !== 'enterprise_admin' && a.role !== 'enterprise_member') || a.organisationStatus !== 'verified' || !a.organisationId) {
    throw forbidden('农膜台账由经营、使用、回收单位自行记录', 'Film ledgers are kept by the dealers, users, collection points and recyclers themselves');
  }
  const [org] = await db.select().from(organisations).where(eq(organisations.id, a.organisationId));
  const ledger = ledgerOf(org.capabilities);
  if (!ledger) throw forbidden('本单位不是农资经营、农膜使用、回收站点或再生利用单位', 'Your organisation is not a farm-input dealer, film user, collection point or recycler');
  if (input.day > shanghaiDate(new Date())) throw say('FUTURE_DAY', 'day', '日期不能晚于今天', 'The day cannot be after today');
  if (ledger === 'sale' && input.thicknessMm === undefined) throw say('THICKNESS_REQUIRED', 'thicknessMm', '销售记录须填写农膜厚度（毫米）', 'A sale needs the film’s thickness (mm)');
  if (ledger === 'sale' && forbiddenMulch(input.filmType, input.thicknessMm!)) {
    // 农用薄膜管理办法: the sale is refused, and the attempt is kept for the bureau and raised as an alarm.
    const [refusal] = await db.transaction(async (tx) => {
      const rows = await tx.insert(filmRefusals).values({ regionCode: org.regionCode, organisationId: org.id, day: input.day, filmType: input.filmType, thicknessMm: input.thicknessMm!,
        tonnes: input.tonnes, counterpartName: input.counterpartName ?? '', recordedBy: a.userId! }).returning();
      await recordAudit(tx, ctx, { action: 'film_refusal.record', entityType: 'film_refusal', entityId: rows[0].id, regionCode: org.regionCode, organisationId: org.id, after: rows[0] });
      return rows;
    });
    await runRule(db, filmThinMulch, new Date(), refusal.id);
    throw badRequest('THIN_MULCH_FORBIDDEN', `禁止销售厚度小于 ${MIN_PE_MULCH_MM} 毫米的聚乙烯地膜（本次 ${input.thicknessMm} 毫米）：销售未记录，已报告农业农村部门`,
      `PE mulch film thinner than ${MIN_PE_MULCH_MM} mm may not be sold (this is ${input.thicknessMm} mm): the sale is not recorded and has been reported to the agriculture bureau`, 'thicknessMm');
  }
  // Where the film is: a use or a take-back in a town of the company's county; a sale and an intake where the company is.
  let regionCode = org.regionCode;
  if (input.regionCode && (ledger === 'use' || ledger === 'takeback')) {
    const [town] = (await db.execute<{ level: string }>(sql`SELECT level FROM regions WHERE code = ${input.regionCode}`)).rows;
    if (!town || town.level !== 'town' || input.regionCode.slice(0, 6) !== org.regionCode.slice(0, 6)) throw say('TOWN_OUTSIDE_COUNTY', 'regionCode', '镇（街道）须为本单位所在县（市、区）的镇街', 'The town must be one of your own county');
    regionCode = input.regionCode;
  }
  let counterpartName = input.counterpartName?.trim() ?? '';
  if (input.counterpartId) {
    const [other] = await db.select().from(organisations).where(eq(organisations.id, input.counterpartId));
    const wanted = ledger === 'intake' ? 'collection_station' : ledger === 'takeback' ? 'farm' : null;
    if (!other || other.status !== 'verified' || (wanted && !other.capabilities.includes(wanted)) || other.regionCode.slice(0, 4) !== org.regionCode.slice(0, 4)) {
      throw say('COUNTERPART', 'counterpartId', ledger === 'intake' ? '来源须为本市已审核的农膜回收站点' : '交回单位须为本市已审核的农膜使用单位', ledger === 'intake' ? 'The source must be a verified collection point of the city' : 'The user must be a verified film user of the city');
    }
    counterpartName = other.name;
  }
  if (ledger === 'intake' && !input.counterpartId) throw say('COUNTERPART_REQUIRED', 'counterpartId', '请选择农膜来自哪个回收站点', 'Choose the collection point the film came from');
  if (ledger === 'takeback' && !counterpartName) throw say('COUNTERPART_REQUIRED', 'counterpartName', '请填写交回农膜的单位或农户', 'Give who handed the film back');
  if (ledger === 'use' && input.crop && !cropLabel(input.crop)) throw say('CROP', 'crop', '作物不正确', 'Unknown crop');
  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    let before: typeof filmRecords.$inferSelect | undefined;
    if (input.supersedes) {
      [before] = await tx.select().from(filmRecords).where(and(eq(filmRecords.id, input.supersedes), eq(filmRecords.organisationId, org.id))).for('update');
      if (!before) throw say('SUPERSEDES', 'supersedes', '要更正的记录不存在或不是本单位的', 'The record to correct does not exist or is not your own');
      if (before.supersededBy) throw say('ALREADY_SUPERSEDED', 'supersedes', '该记录已被更正过，请更正最新的记录', 'That record was corrected already: correct the latest one');
      await tx.update(filmRecords).set({ supersededBy: id }).where(eq(filmRecords.id, before.id));
    }
    const [row] = await tx.insert(filmRecords).values({
      id, regionCode, ledger, year: Number(input.day.slice(0, 4)), day: input.day, organisationId: org.id, filmType: input.filmType, thicknessMm: input.thicknessMm ?? null, tonnes: input.tonnes,
      crop: ledger === 'use' ? input.crop ?? null : null, areaMu: ledger === 'use' ? input.areaMu ?? null : null, counterpartId: input.counterpartId ?? null, counterpartName,
      remark: input.remark ?? '', supersedes: before?.id ?? null, recordedBy: a.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: before ? 'film_record.supersede' : 'film_record.record', entityType: 'film_record', entityId: row.id, regionCode, organisationId: org.id, before, after: row });
    return present({ ...row, organisationName: org.name, townName: null });
  });
}

type Row = typeof filmRecords.$inferSelect & { organisationName: string; townName: string | null };
const present = (r: Row) => ({
  id: r.id, ledger: r.ledger, ledgerName: filmLedgerLabel(r.ledger).zh, regionCode: r.regionCode, townName: r.townName, year: r.year, day: r.day, organisationId: r.organisationId, organisationName: r.organisationName,
  filmType: r.filmType, filmTypeName: filmTypeLabel(r.filmType).zh, thicknessMm: r.thicknessMm, tonnes: r.tonnes, crop: r.crop, areaMu: r.areaMu, counterpartId: r.counterpartId, counterpartName: r.counterpartName,
  remark: r.remark, supersedes: r.supersedes, supersededBy: r.supersededBy, recordedAt: r.recordedAt,
});

export interface FilmFilter { ledger?: FilmLedger; year?: number; regionCode?: string; history?: boolean }

const narrow = (a: Actor, regionCode?: string): SQL | undefined => {
  if (!regionCode) return undefined;
  if (a.role !== 'platform_admin' && isOfficial(a) && !regionWithin(regionCode, a.regionCode) && !regionWithin(a.regionCode, regionCode)) return sql`false`;
  return sql`f.region_code LIKE ${`${regionScopePrefix(regionCode)}%`}`;
};

/** The ledgers an actor may read, newest first, a page at a time. */
export async function pageFilm(db: Db, a: Actor, f: FilmFilter, page: number, pageSize: number) {
  const where = and(filmScope(a, { region: sql`f.region_code`, organisation: sql`f.organisation_id` }), narrow(a, f.regionCode), f.history ? undefined : sql`f.superseded_by IS NULL`,
    f.ledger ? sql`f.ledger = ${f.ledger}` : undefined, f.year ? sql`f.year = ${f.year}` : undefined);
  const [rows, counted] = await Promise.all([
    db.execute<Row>(sql`
      SELECT f.id, f.ledger, f.region_code AS "regionCode", rg.name AS "townName", f.year, f.day::text AS day, f.organisation_id AS "organisationId", o.name AS "organisationName", f.film_type AS "filmType",
        f.thickness_mm::float8 AS "thicknessMm", f.tonnes::float8 AS tonnes, f.crop, f.area_mu::float8 AS "areaMu", f.counterpart_id AS "counterpartId", f.counterpart_name AS "counterpartName",
        f.remark, f.supersedes, f.superseded_by AS "supersededBy", f.recorded_at AS "recordedAt"
      FROM film_records f JOIN organisations o ON o.id = f.organisation_id LEFT JOIN regions rg ON rg.code = f.region_code
      WHERE ${where} ORDER BY f.day DESC, f.recorded_at DESC, f.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number; tonnes: number }>(sql`SELECT count(*)::int AS total, coalesce(sum(f.tonnes), 0)::float8 AS tonnes FROM film_records f WHERE ${where}`),
  ]);
  return { items: rows.rows.map((r) => present({ ...r, recordedAt: new Date(r.recordedAt) })), total: counted.rows[0].total, page, pageSize, tonnes: Math.round(counted.rows[0].tonnes * 1000) / 1000 };
}

/** 农膜回收率 by town for a year: sold, used, taken back and taken in, and collected ÷ used. Officials only. */
export async function filmSummary(db: Db, a: Actor, f: { year: number; regionCode?: string }, page: number, pageSize: number) {
  if (a.role !== 'platform_admin' && !isOfficial(a)) throw forbidden('按镇街汇总由农业农村部门查看', 'The summary by town is for the agriculture departments');
  const where = and(filmScope(a, { region: sql`f.region_code`, organisation: sql`f.organisation_id` }), narrow(a, f.regionCode), sql`f.superseded_by IS NULL`, sql`f.year = ${f.year}`);
  const sums = sql`coalesce(sum(f.tonnes) FILTER (WHERE f.ledger = 'sale'), 0)::float8 AS "soldT", coalesce(sum(f.tonnes) FILTER (WHERE f.ledger = 'use'), 0)::float8 AS "usedT",
    coalesce(sum(f.tonnes) FILTER (WHERE f.ledger = 'takeback'), 0)::float8 AS "collectedT", coalesce(sum(f.tonnes) FILTER (WHERE f.ledger = 'intake'), 0)::float8 AS "recycledT"`;
  type Sums = { soldT: number; usedT: number; collectedT: number; recycledT: number };
  const [rows, totals] = await Promise.all([
    db.execute<Sums & { regionCode: string; townName: string | null; total: number }>(sql`
      SELECT f.region_code AS "regionCode", min(rg.name) AS "townName", ${sums}, count(*) OVER ()::int AS total
      FROM film_records f LEFT JOIN regions rg ON rg.code = f.region_code WHERE ${where} GROUP BY f.region_code ORDER BY f.region_code LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<Sums>(sql`SELECT ${sums} FROM film_records f WHERE ${where}`),
  ]);
  const withRate = (s: Sums) => ({ soldT: r3(s.soldT), usedT: r3(s.usedT), collectedT: r3(s.collectedT), recycledT: r3(s.recycledT), rate: recoveryRate(s.collectedT, s.usedT) });
  return { year: f.year, items: rows.rows.map((r) => ({ regionCode: r.regionCode, townName: r.townName, ...withRate(r) })), total: rows.rows[0]?.total ?? 0, page, pageSize, totals: withRate(totals.rows[0]) };
}
const r3 = (n: number) => Math.round(n * 1000) / 1000;

/** Refused sales (禁售地膜): the bureau its area's, a dealer its own. */
export async function pageRefusals(db: Db, a: Actor, year: number | undefined, page: number, pageSize: number) {
  const where = and(filmScope(a, { region: sql`r.region_code`, organisation: sql`r.organisation_id` }), year ? sql`extract(year FROM r.day) = ${year}` : undefined);
  const [rows, counted] = await Promise.all([
    db.execute<{ id: string; regionCode: string; organisationId: string; organisationName: string; day: string; filmType: string; thicknessMm: number; tonnes: number; counterpartName: string; recordedAt: Date; recordedBy: string }>(sql`
      SELECT r.id, r.region_code AS "regionCode", r.organisation_id AS "organisationId", o.name AS "organisationName", r.day::text AS day, r.film_type AS "filmType", r.thickness_mm::float8 AS "thicknessMm",
        r.tonnes::float8 AS tonnes, r.counterpart_name AS "counterpartName", r.recorded_at AS "recordedAt", coalesce(u.display_name, u.username, '') AS "recordedBy"
      FROM film_refusals r JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users u ON u.id = r.recorded_by
      WHERE ${where} ORDER BY r.recorded_at DESC, r.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM film_refusals r WHERE ${where}`),
  ]);
  return { items: rows.rows.map((r) => ({ ...r, filmTypeName: filmTypeLabel(r.filmType).zh, recordedAt: new Date(r.recordedAt) })), total: counted.rows[0].total, page, pageSize };
}

/** The other parties a company may name: collection points for a recycler, film users for a collection point; verified, of its city. */
export async function pageFilmParties(db: Db, a: Actor, q: string | undefined, page: number, pageSize: number) {
  if (!a.organisationId) throw forbidden();
  const [org] = await db.select({ capabilities: organisations.capabilities, regionCode: organisations.regionCode }).from(organisations).where(eq(organisations.id, a.organisationId));
  const ledger = ledgerOf(org.capabilities);
  const wanted = ledger === 'intake' ? 'collection_station' : ledger === 'takeback' ? 'farm' : null;
  if (!wanted) return { items: [], total: 0, page, pageSize };
  const where = and(eq(organisations.status, 'verified'), sql`${organisations.capabilities} @> ARRAY[${wanted}]::text[]`, sql`${organisations.regionCode} LIKE ${`${org.regionCode.slice(0, 4)}%`}`,
    q ? sql`${organisations.name} LIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations).where(where).orderBy(organisations.regionCode, organisations.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}


