import crypto from 'node:crypto';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatedWaste, regulates, type Actor } from '../platform/policy';
import { impliedParent, regionScopePrefix, regionWithin } from '../../domain/region-code';
import { badRequest, forbidden } from '../http/errors';
import { DEFAULT_COEFFICIENTS, STRAW_USE_KEYS, cropLabel, harvestLabel, strawFigures, utilisationRate, yieldFromPerMu, type Coefficients, type Harvest, type StrawCrop, type StrawUses } from '../../domain/agri/straw';
import { strawCoefficients, strawSeasons } from './schema';

// 秸秆 (issue 16): each town's agricultural station files, per harvest and crop, the sown area, the
// yield and the tonnes of each use; the platform applies the region's coefficients (or the defaults)
// and keeps them with the filing. Who sees what: the departments that regulate straw (agriculture;
// a general department and the zero-waste office see all) in their area: the county bureau every
// town, a town's station its own town. Companies see nothing of it.

export type Ctx = AuditContext & { actor: Actor };

/** The area of an official who regulates straw: null for everyone else. */
export function strawArea(a: Actor): string | null {
  if (a.role === 'platform_admin') return '';
  if ((a.role === 'office' || a.role === 'regulator') && regulates(regulatedWaste(a), 'straw', '')) return regionScopePrefix(a.regionCode);
  return null;
}

export function requireStrawReader(a: Actor): string {
  const area = strawArea(a);
  if (area === null) throw forbidden('秸秆台账由农业农村部门管理', 'The straw ledger is kept by the agriculture departments');
  return area;
}

/** Filing is the agricultural stations' and the bureau's work: a regulator of agriculture, from a session. */
export function requireStrawFiler(a: Actor) {
  if (a.via !== 'session' || a.role !== 'regulator' || a.domain !== 'agriculture') throw forbidden('秸秆利用情况由农业农村部门（镇街农业综合服务站）填报', 'Straw seasons are filed by the agriculture bureau and the towns’ agricultural stations');
  return a;
}

const narrow = (column: SQL, area: string, regionCode?: string): SQL => {
  if (regionCode && !regionCode.startsWith(area) && !area.startsWith(regionScopePrefix(regionCode))) return sql`false`;
  const prefix = regionCode && regionScopePrefix(regionCode).length > area.length ? regionScopePrefix(regionCode) : area;
  return sql`${column} LIKE ${`${prefix}%`}`;
};

// ---- coefficients ---------------------------------------------------------------------------------

/** The regions whose coefficients may hold for a town, the most specific first. */
function chain(regionCode: string): string[] {
  const out: string[] = [];
  for (let c: string | null = regionCode; c; c = impliedParent(c)) out.push(c);
  return out;
}

/** The coefficients in force for a town and crop: the most specific region's, else the defaults. */
export async function coefficientsFor(q: Queryable, regionCode: string, crop: StrawCrop): Promise<Coefficients & { regionCode: string | null }> {
  const codes = chain(regionCode);
  const rows = await q.select().from(strawCoefficients).where(and(inArray(strawCoefficients.regionCode, codes), eq(strawCoefficients.crop, crop), isNull(strawCoefficients.supersededAt)));
  const best = rows.sort((a, b) => codes.indexOf(a.regionCode) - codes.indexOf(b.regionCode))[0];
  return best ? { grainRatio: best.grainRatio, collectableShare: best.collectableShare, source: best.source, regionCode: best.regionCode } : { ...DEFAULT_COEFFICIENTS[crop], regionCode: null };
}

/** Every crop's coefficients in force for a region (a short fixed list: one row per crop). */
export async function listCoefficients(db: Db, actor: Actor, regionCode?: string) {
  requireStrawReader(actor);
  const region = regionCode ?? actor.regionCode;
  if (actor.role !== 'platform_admin' && !regionWithin(region, actor.regionCode)) throw forbidden('只能查看本辖区的系数', 'You read the coefficients of your own area only');
  const crops = Object.keys(DEFAULT_COEFFICIENTS) as StrawCrop[];
  const items = [];
  for (const crop of crops) {
    const c = await coefficientsFor(db, region, crop);
    items.push({ crop, cropName: cropLabel(crop).zh, ...c, isDefault: c.regionCode === null });
  }
  return { regionCode: region, items };
}

/** The bureau sets its region's coefficients for a crop; the one in force is superseded, both audited. */
export async function setCoefficients(db: Db, ctx: Ctx, input: { regionCode?: string; crop: StrawCrop; grainRatio: number; collectableShare: number; source: string }) {
  const a = requireStrawFiler(ctx.actor);
  const regionCode = input.regionCode ?? a.regionCode;
  if (!regionWithin(regionCode, a.regionCode)) throw forbidden('只能设置本辖区的系数', 'You set the coefficients of your own area only');
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`straw_coeff:${regionCode}:${input.crop}`}))`);
    const [current] = await tx.select().from(strawCoefficients).where(and(eq(strawCoefficients.regionCode, regionCode), eq(strawCoefficients.crop, input.crop), isNull(strawCoefficients.supersededAt)));
    if (current) {
      await tx.update(strawCoefficients).set({ supersededAt: new Date() }).where(eq(strawCoefficients.id, current.id));
      await recordAudit(tx, ctx, { action: 'straw_coefficients.supersede', entityType: 'straw_coefficients', entityId: current.id, regionCode, before: current });
    }
    const [row] = await tx.insert(strawCoefficients).values({ regionCode, crop: input.crop, grainRatio: input.grainRatio, collectableShare: input.collectableShare, source: input.source, recordedBy: a.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'straw_coefficients.set', entityType: 'straw_coefficients', entityId: row.id, regionCode, after: row });
    return { ...row, cropName: cropLabel(row.crop).zh };
  });
}

// ---- a season filing ------------------------------------------------------------------------------

export interface EntityInput { organisationId?: string; name?: string; tonnes: number }
export interface SeasonInput {
  regionCode: string; year: number; harvest: Harvest; crop: StrawCrop; sownMu: number;
  yieldT?: number; yieldKgPerMu?: number; uses: StrawUses; entities: EntityInput[]; remark?: string;
}
/** A problem of a filing, naming its field: thrown as a 400 by the form, listed per cell by the import. */
export interface SeasonProblem { code: string; field: string; zh: string; en: string }

const t3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Checks a filing against the filer's area, the register and the arithmetic, and works out what it
 * stores. Returns the row to insert, or the problems (every one, so a sheet row can show them all).
 */
export async function planSeason(q: Queryable, a: Actor, input: SeasonInput): Promise<{ problems: SeasonProblem[]; row?: typeof strawSeasons.$inferInsert; townName?: string }> {
  const problems: SeasonProblem[] = [];
  const say = (code: string, field: string, zh: string, en: string) => problems.push({ code, field, zh, en });
  const [town] = (await q.execute<{ code: string; name: string; level: string }>(sql`SELECT code, name, level FROM regions WHERE code = ${input.regionCode}`)).rows;
  if (!town || town.level !== 'town') say('NOT_A_TOWN', 'regionCode', `${input.regionCode} 不是已登记的镇（街道）`, `${input.regionCode} is not a registered town or street`);
  else if (!regionWithin(input.regionCode, a.regionCode)) say('OUTSIDE_AREA', 'regionCode', `${town.name}不在本辖区，只能填报本辖区镇街的秸秆利用情况`, `${town.name} lies outside your area: you file for the towns of your own area`);
  const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  if (input.year > thisYear) say('FUTURE_YEAR', 'year', `不能填报未来年份（${input.year}）`, `The year ${input.year} has not come yet`);
  if ((input.yieldT === undefined) === (input.yieldKgPerMu === undefined)) say('YIELD', 'yieldT', '请填写总产量（吨）或单产（公斤/亩），二者填其一', 'Give the yield either in tonnes or in kg per mu, one of the two');
  const yieldT = input.yieldT ?? (input.yieldKgPerMu !== undefined ? yieldFromPerMu(input.yieldKgPerMu, input.sownMu) : 0);
  if (input.yieldT !== undefined && input.sownMu === 0 && input.yieldT > 0) say('YIELD_WITHOUT_AREA', 'sownMu', '有产量时播种面积须大于0', 'A yield needs a sown area above 0');
  const c = await coefficientsFor(q, town ? input.regionCode : a.regionCode, input.crop);
  const figures = strawFigures(yieldT, c, input.uses);
  if (figures.usedT > figures.collectableT) {
    say('USED_OVER_COLLECTABLE', 'uses', `五种利用量合计 ${figures.usedT} 吨，超过可收集量 ${figures.collectableT} 吨（产量 ${yieldT} 吨 × 草谷比 ${c.grainRatio} × 可收集系数 ${c.collectableShare}）`,
      `The five uses add up to ${figures.usedT} t, above the collectable ${figures.collectableT} t (yield ${yieldT} t × ratio ${c.grainRatio} × share ${c.collectableShare})`);
  }
  // The market entities: a straw user on the platform (verified, of the city) or a name of one that is not.
  const entities: { organisationId: string | null; name: string; tonnes: number }[] = [];
  const ids = input.entities.map((e) => e.organisationId).filter((x): x is string => !!x);
  const known = ids.length ? await q.select({ id: organisations.id, name: organisations.name, status: organisations.status, capabilities: organisations.capabilities, regionCode: organisations.regionCode }).from(organisations).where(inArray(organisations.id, ids)) : [];
  input.entities.forEach((e, i) => {
    if (e.organisationId) {
      const org = known.find((k) => k.id === e.organisationId);
      if (!org || org.status !== 'verified' || !org.capabilities.includes('straw_user') || org.regionCode.slice(0, 4) !== input.regionCode.slice(0, 4)) {
        say('NOT_A_STRAW_USER', `entities.${i}.organisationId`, '收储主体须为本市已审核的秸秆收储利用主体', 'The entity must be a verified straw user of the city');
        return;
      }
      entities.push({ organisationId: org.id, name: org.name, tonnes: e.tonnes });
    } else if (e.name && e.name.trim().length >= 2) entities.push({ organisationId: null, name: e.name.trim(), tonnes: e.tonnes });
    else say('ENTITY_NAME', `entities.${i}.name`, '请选择平台上的收储主体或填写其名称（至少2个字）', 'Choose a straw user of the platform or give its name (2 characters at least)');
  });
  const entityT = t3(entities.reduce((s, e) => s + e.tonnes, 0));
  const offField = t3(figures.usedT - input.uses.fieldReturnT);
  if (entityT > offField) say('ENTITIES_OVER_USED', 'entities', `收储主体合计 ${entityT} 吨，超过离田利用量 ${offField} 吨（直接还田不经收储）`, `The entities add up to ${entityT} t, above the ${offField} t used off the field (returned straw is not collected)`);
  if (problems.length) return { problems };
  return {
    problems, townName: town.name,
    row: {
      regionCode: input.regionCode, year: input.year, harvest: input.harvest, crop: input.crop, sownMu: input.sownMu, yieldT,
      grainRatio: c.grainRatio, collectableShare: c.collectableShare, coefficientSource: c.source, theoreticalT: figures.theoreticalT, collectableT: figures.collectableT,
      ...Object.fromEntries(STRAW_USE_KEYS.map((k) => [k, input.uses[k]])) as StrawUses, usedT: figures.usedT, entities, remark: input.remark ?? '', recordedBy: a.userId!,
    },
  };
}

/** Writes a planned filing in the caller's transaction: supersedes the current one of the same town, year, harvest and crop. */
export async function writeSeason(tx: Queryable, ctx: Ctx, row: typeof strawSeasons.$inferInsert, via: 'form' | 'excel') {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`straw:${row.regionCode}:${row.year}:${row.harvest}:${row.crop}`}))`);
  const [current] = await tx.select().from(strawSeasons).where(and(eq(strawSeasons.regionCode, row.regionCode), eq(strawSeasons.year, row.year), eq(strawSeasons.harvest, row.harvest),
    eq(strawSeasons.crop, row.crop), isNull(strawSeasons.supersededBy)));
  const id = crypto.randomUUID();
  // The partial unique index allows one current filing: the old one leaves it before the new one is written.
  if (current) await tx.update(strawSeasons).set({ supersededBy: id }).where(eq(strawSeasons.id, current.id));
  const [inserted] = await tx.insert(strawSeasons).values({ ...row, id, via, supersedes: current?.id ?? null, supersededBy: null }).returning();
  await recordAudit(tx, ctx, { action: current ? 'straw_season.supersede' : 'straw_season.file', entityType: 'straw_season', entityId: inserted.id, regionCode: row.regionCode, before: current ?? undefined, after: inserted });
  return { row: inserted, replaced: !!current };
}

export async function fileSeason(db: Db, ctx: Ctx, input: SeasonInput) {
  const a = requireStrawFiler(ctx.actor);
  return db.transaction(async (tx) => {
    const planned = await planSeason(tx, a, input);
    const first = planned.problems[0];
    if (first) {
      const error = badRequest(first.code, first.zh, first.en, first.field);
      error.issues.push(...planned.problems.slice(1).map((p) => ({ path: p.field, message: { zh: p.zh, en: p.en } })));
      throw error;
    }
    const { row, replaced } = await writeSeason(tx, ctx, planned.row!, 'form');
    return { ...present(row, planned.townName!), replaced };
  });
}

type SeasonRow = typeof strawSeasons.$inferSelect;
export const present = (r: SeasonRow, townName: string) => ({
  id: r.id, regionCode: r.regionCode, townName, year: r.year, harvest: r.harvest, harvestName: harvestLabel(r.harvest).zh, crop: r.crop, cropName: cropLabel(r.crop).zh,
  sownMu: r.sownMu, yieldT: r.yieldT, grainRatio: r.grainRatio, collectableShare: r.collectableShare, coefficientSource: r.coefficientSource,
  theoreticalT: r.theoreticalT, collectableT: r.collectableT, fieldReturnT: r.fieldReturnT, fertiliserT: r.fertiliserT, feedT: r.feedT, fuelT: r.fuelT, substrateT: r.substrateT, materialT: r.materialT,
  usedT: r.usedT, rate: utilisationRate(r.usedT, r.collectableT), entities: r.entities, remark: r.remark, via: r.via, supersedes: r.supersedes, supersededBy: r.supersededBy, recordedAt: r.recordedAt,
});

export interface SeasonFilter { year?: number; harvest?: string; crop?: string; regionCode?: string; history?: boolean }

/** Filings of the area (the current ones, or with history every version), a page at a time. */
export async function pageSeasons(db: Db, actor: Actor, f: SeasonFilter, page: number, pageSize: number) {
  const area = requireStrawReader(actor);
  const where = and(narrow(sql`s.region_code`, area, f.regionCode), f.history ? undefined : sql`s.superseded_by IS NULL`,
    f.year ? sql`s.year = ${f.year}` : undefined, f.harvest ? sql`s.harvest = ${f.harvest}` : undefined, f.crop ? sql`s.crop = ${f.crop}` : undefined);
  const [found, counted] = await Promise.all([db.execute<SeasonRow & { town_name: string }>(sql`
    SELECT s.id, s.region_code AS "regionCode", coalesce(rg.name, s.region_code) AS town_name, s.year, s.harvest, s.crop, s.sown_mu::float8 AS "sownMu", s.yield_t::float8 AS "yieldT",
      s.grain_ratio::float8 AS "grainRatio", s.collectable_share::float8 AS "collectableShare", s.coefficient_source AS "coefficientSource", s.theoretical_t::float8 AS "theoreticalT",
      s.collectable_t::float8 AS "collectableT", s.field_return_t::float8 AS "fieldReturnT", s.fertiliser_t::float8 AS "fertiliserT", s.feed_t::float8 AS "feedT", s.fuel_t::float8 AS "fuelT",
      s.substrate_t::float8 AS "substrateT", s.material_t::float8 AS "materialT", s.used_t::float8 AS "usedT", s.entities, s.remark, s.via, s.supersedes, s.superseded_by AS "supersededBy",
      s.recorded_at AS "recordedAt", s.recorded_by AS "recordedBy"
    FROM straw_seasons s LEFT JOIN regions rg ON rg.code = s.region_code WHERE ${where}
    ORDER BY s.year DESC, s.harvest, s.region_code, s.crop, s.recorded_at DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
  db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM straw_seasons s WHERE ${where}`)]);
  return { items: found.rows.map((r) => present({ ...r, recordedAt: new Date(r.recordedAt) }, r.town_name)), total: counted.rows[0].n, page, pageSize };
}

/**
 * What the bureau reads: collectable, used (by use) and 综合利用率, grouped by town, by crop, or by
 * town and crop, over the current filings of the year in the area.
 */
export async function strawSummary(db: Db, actor: Actor, f: { year: number; by: 'town' | 'crop' | 'town_crop'; regionCode?: string; harvest?: string }, page: number, pageSize: number) {
  const area = requireStrawReader(actor);
  const where = and(narrow(sql`s.region_code`, area, f.regionCode), sql`s.superseded_by IS NULL`, sql`s.year = ${f.year}`, f.harvest ? sql`s.harvest = ${f.harvest}` : undefined);
  const key = f.by === 'town' ? sql`s.region_code` : f.by === 'crop' ? sql`s.crop` : sql`s.region_code || ':' || s.crop`;
  const sums = sql`sum(s.sown_mu)::float8 AS "sownMu", sum(s.yield_t)::float8 AS "yieldT", sum(s.theoretical_t)::float8 AS "theoreticalT", sum(s.collectable_t)::float8 AS "collectableT",
    sum(s.field_return_t)::float8 AS "fieldReturnT", sum(s.fertiliser_t)::float8 AS "fertiliserT", sum(s.feed_t)::float8 AS "feedT", sum(s.fuel_t)::float8 AS "fuelT",
    sum(s.substrate_t)::float8 AS "substrateT", sum(s.material_t)::float8 AS "materialT", sum(s.used_t)::float8 AS "usedT", count(*)::int AS filings`;
  type Sum = { sownMu: number; yieldT: number; theoreticalT: number; collectableT: number; fieldReturnT: number; fertiliserT: number; feedT: number; fuelT: number; substrateT: number; materialT: number; usedT: number; filings: number };
  const [rows, totals] = await Promise.all([
    db.execute<Sum & { key: string; regionCode: string | null; crop: string | null; total: number }>(sql`
      SELECT ${key} AS key, ${f.by === 'crop' ? sql`NULL` : sql`min(s.region_code)`} AS "regionCode", ${f.by === 'town' ? sql`NULL` : sql`min(s.crop)`} AS crop, ${sums}, count(*) OVER ()::int AS total
      FROM straw_seasons s WHERE ${where} GROUP BY 1 ORDER BY 1 LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<Sum>(sql`SELECT ${sums} FROM straw_seasons s WHERE ${where}`),
  ]);
  const codes = [...new Set(rows.rows.map((r) => r.regionCode).filter((c): c is string => !!c))];
  const names = new Map(codes.length ? (await db.execute<{ code: string; name: string }>(sql`SELECT code, name FROM regions WHERE code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`)).rows.map((r) => [r.code, r.name]) : []);
  const round = (s: Sum) => ({ ...Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'filings' ? v ?? 0 : t3(v ?? 0)])) as Sum, rate: utilisationRate(s.usedT ?? 0, s.collectableT ?? 0) });
  return {
    year: f.year, by: f.by,
    items: rows.rows.map(({ key: k, regionCode, crop, total: _total, ...s }) => ({ key: k, regionCode, townName: regionCode ? names.get(regionCode) ?? regionCode : null, crop, cropName: crop ? cropLabel(crop).zh : null, ...round(s) })),
    total: rows.rows[0]?.total ?? 0, page, pageSize, totals: round(totals.rows[0]),
  };
}

/** Verified straw users of the actor's city (收储利用主体), for the filing's entity picker. */
export async function pageStrawUsers(db: Db, actor: Actor, q: string | undefined, page: number, pageSize: number) {
  requireStrawReader(actor);
  const where = and(eq(organisations.status, 'verified'), sql`${organisations.capabilities} @> ARRAY['straw_user']::text[]`,
    actor.role === 'platform_admin' ? undefined : sql`${organisations.regionCode} LIKE ${`${actor.regionCode.slice(0, 4)}%`}`,
    q ? sql`${organisations.name} LIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations).where(where).orderBy(organisations.name, organisations.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}
