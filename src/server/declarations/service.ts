import { and, eq, sql, desc, type SQL } from 'drizzle-orm';
import { STREAM_DEFINITIONS, declarationStream, licensedStreams, streamDefinition } from '../../domain/streams';
import type { Db, Queryable } from '../db/database';
import { declarations } from './schema';
import { ledgerMovements } from '../ledger/schema';
import { manifests } from '../manifests/schema';
import { organisations, licences } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { scopeCondition } from '../platform/organisations/service';
import { organisationScope, regulatesStream, type Actor } from '../platform/policy';
import { ledgerOrganisation } from '../ledger/service';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { settingFor } from '../settings/service';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { periodBounds, type PeriodType } from '../../domain/hazardous/periods';
import { NON_INDUSTRIAL_TRADES } from '../../domain/registers';

type Ctx = AuditContext & { actor: Actor };
const round = (n: number) => Math.round(n * 10_000) / 10_000;

export interface DeclarationLine {
  wasteCode: string; generatedT: number; selfUtilisedT: number; selfDisposedT: number; receivedT: number;
  transfers: { receiverName: string; licenceNo: string | null; method: string; quantityT: number; manifests: number }[];
  storedStartT: number; storedEndT: number;
}

function bounds(periodType: PeriodType, period: string) {
  const b = periodBounds(periodType, period);
  if (!b) throw badRequest('BAD_PERIOD', '申报期格式应为 2026-10、2026-Q3 或 2026', 'Periods are written 2026-10, 2026-Q3 or 2026', 'period');
  return b;
}

/** The streams companies declare: every definition with a declaration rule. */
export const DECLARATION_STREAM_KEYS = STREAM_DEFINITIONS.filter((d) => d.declaration).map((d) => d.key) as [string, ...string[]];
export type DeclarationStream = string;

/**
 * When a period closes, for a stream whose definition names a closing setting: a month or quarter
 * the region's number of days after it ends (15 by default for general industrial solid waste), a
 * year on 31 March; after that a declaration is a late filing the regulator takes in.
 */
const closesAfter = (periodType: PeriodType, end: Date, days: number) => (periodType === 'year' ? new Date(`${shanghaiYear(end)}-04-01T00:00:00+08:00`) : new Date(end.getTime() + days * 86_400_000));

/** A correction (signed difference) counts as the kind of the movement it names: a correction of 产生 changes 产生量. */
const countsAs = sql.raw(`CASE WHEN kind = 'correction' THEN (SELECT c.kind FROM ledger_movements c WHERE c.region_code = ledger_movements.region_code AND c.id = ledger_movements.correction_of) ELSE kind END`);

/** C.1-C.3 figures for one company and period, from its ledger and the manifests it sent. */
export async function computeFigures(db: Queryable, organisationId: string, periodType: PeriodType, period: string, stream: DeclarationStream): Promise<DeclarationLine[]> {
  const { start, end } = bounds(periodType, period);
  const ofStream = sql`${ledgerMovements.wasteCode} ~ ${streamDefinition(stream).codePattern.source}`;
  const sums = await db.select({
    wasteCode: ledgerMovements.wasteCode,
    generatedT: sql<number>`coalesce(sum(${ledgerMovements.quantityT}) FILTER (WHERE ${countsAs} = 'generate' AND at >= ${start} AND at < ${end}), 0)`.mapWith(Number),
    selfUtilisedT: sql<number>`coalesce(sum(${ledgerMovements.quantityT}) FILTER (WHERE ${countsAs} = 'self_utilise' AND at >= ${start} AND at < ${end}), 0)`.mapWith(Number),
    selfDisposedT: sql<number>`coalesce(sum(${ledgerMovements.quantityT}) FILTER (WHERE ${countsAs} = 'self_dispose' AND at >= ${start} AND at < ${end}), 0)`.mapWith(Number),
    receivedT: sql<number>`coalesce(sum(${ledgerMovements.quantityT}) FILTER (WHERE ${countsAs} = 'receive' AND at >= ${start} AND at < ${end}), 0)`.mapWith(Number),
    storedStartT: sql<number>`coalesce(sum(${ledgerMovements.quantityT} * store_effect) FILTER (WHERE at < ${start}), 0)`.mapWith(Number),
    storedEndT: sql<number>`coalesce(sum(${ledgerMovements.quantityT} * store_effect) FILTER (WHERE at < ${end}), 0)`.mapWith(Number),
  }).from(ledgerMovements).where(and(eq(ledgerMovements.organisationId, organisationId), ofStream, sql`${ledgerMovements.at} < ${end}`)).groupBy(ledgerMovements.wasteCode).orderBy(ledgerMovements.wasteCode);
  const transfers = await db.select({
    wasteCode: ledgerMovements.wasteCode, receiverName: organisations.name,
    licenceNo: sql<string | null>`(SELECT l.number FROM ${licences} l WHERE l.organisation_id = "manifests"."receiver_id" AND l.active ORDER BY l.valid_to DESC LIMIT 1)`,
    method: sql<string>`coalesce(${manifests.data}->>'treatmentMethod', '')`,
    quantityT: sql<number>`sum(${ledgerMovements.quantityT})`.mapWith(Number),
    manifests: sql<number>`count(DISTINCT ${manifests.id})`.mapWith(Number),
  }).from(ledgerMovements).innerJoin(manifests, eq(manifests.id, ledgerMovements.manifestId)).innerJoin(organisations, eq(organisations.id, manifests.receiverId))
    .where(and(eq(ledgerMovements.organisationId, organisationId), ofStream, eq(ledgerMovements.kind, 'transfer_out'), sql`${ledgerMovements.at} >= ${start} AND ${ledgerMovements.at} < ${end}`))
    .groupBy(ledgerMovements.wasteCode, organisations.name, manifests.receiverId, sql`${manifests.data}->>'treatmentMethod'`);
  return sums
    .map((s) => ({
      ...s, generatedT: round(s.generatedT), selfUtilisedT: round(s.selfUtilisedT), selfDisposedT: round(s.selfDisposedT), receivedT: round(s.receivedT),
      storedStartT: round(s.storedStartT), storedEndT: round(s.storedEndT),
      transfers: transfers.filter((t) => t.wasteCode === s.wasteCode).map(({ wasteCode: _code, ...t }) => ({ ...t, quantityT: round(t.quantityT) })),
    }))
    .filter((l) => l.generatedT || l.selfUtilisedT || l.selfDisposedT || l.receivedT || l.storedStartT || l.storedEndT || l.transfers.length);
}

/** A company's latest declaration of a period, or null. */
export async function latestDeclaration(q: Queryable, organisationId: string, stream: DeclarationStream, periodType: PeriodType, period: string) {
  const [latest] = await q.select().from(declarations)
    .where(and(eq(declarations.organisationId, organisationId), eq(declarations.stream, stream), eq(declarations.periodType, periodType), eq(declarations.period, period)))
    .orderBy(desc(declarations.version)).limit(1);
  return latest ?? null;
}

/** When the stream's declarations of the period close in the region (null: they do not). */
async function periodCloses(q: Queryable, stream: DeclarationStream, periodType: PeriodType, period: string, regionCode: string) {
  const setting = streamDefinition(stream).declaration?.closingSetting;
  return setting ? closesAfter(periodType, bounds(periodType, period).end, await settingFor(q, setting, regionCode)) : null;
}

/** A period is declared once it has ended. */
export function requirePeriodOver(periodType: PeriodType, period: string, now = new Date()) {
  if (bounds(periodType, period).end.getTime() > now.getTime()) throw badRequest('PERIOD_NOT_OVER', '申报期尚未结束，结束后再申报', 'The period has not ended yet: declare it afterwards', 'period');
}

/** …and before it closes; after that it is a late filing the regulator takes in. Returns when it closes. */
export async function requirePeriodNotClosed(q: Queryable, stream: DeclarationStream, periodType: PeriodType, period: string, regionCode: string, now = new Date()) {
  const closes = await periodCloses(q, stream, periodType, period, regionCode);
  if (closes && closes.getTime() <= now.getTime()) {
    const day = shanghaiDate(new Date(closes.getTime() - 1));
    throw conflict('PERIOD_CLOSED', `${period} 的申报已于 ${day} 截止，不能再在线申报；请向生态环境部门说明情况补报`, `Declarations for ${period} closed on ${day}: explain the late filing to the ecology bureau`, 'period');
  }
  return closes;
}

export async function declarationDraft(db: Db, actor: Actor, periodType: PeriodType, period: string, stream: DeclarationStream) {
  const org = await ledgerOrganisation(db, actor);
  const latest = await latestDeclaration(db, org.id, stream, periodType, period);
  const closes = await periodCloses(db, stream, periodType, period, org.regionCode);
  return { stream, periodType, period, closesAt: closes, lines: await computeFigures(db, org.id, periodType, period, stream), submitted: latest };
}

/** 提交申报: figures are recomputed on the server at submission; the company adds a remark if it wants. */
export async function submitDeclaration(db: Queryable, ctx: Ctx, periodType: PeriodType, period: string, remark: string, stream: DeclarationStream, now = new Date()) {
  requirePeriodOver(periodType, period, now);
  const org = await ledgerOrganisation(db, ctx.actor);
  await requirePeriodNotClosed(db, stream, periodType, period, org.regionCode, now);
  const figures = await computeFigures(db, org.id, periodType, period, stream);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`declaration:${org.id}:${periodType}:${period}`}))`);
    const [{ version }] = await tx.select({ version: sql<number>`coalesce(max(${declarations.version}), 0)`.mapWith(Number) }).from(declarations)
      .where(and(eq(declarations.organisationId, org.id), eq(declarations.stream, stream), eq(declarations.periodType, periodType), eq(declarations.period, period)));
    const [row] = await tx.insert(declarations).values({ regionCode: org.regionCode, organisationId: org.id, stream, periodType, period, version: version + 1, figures, remark, submittedBy: ctx.actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'declaration.submit', entityType: 'declaration', entityId: row.id, regionCode: org.regionCode, organisationId: org.id, after: { stream, periodType, period, version: row.version } });
    return row;
  });
}

/** A stream's declarations are read by the officials who regulate all of that stream (hazardous and industrial: ecology; not health, housing or urban management). */
function requireDeclarationRegulator(actor: Actor, stream: string) {
  if (!regulatesStream(actor, stream)) throw forbidden('贵部门不负责该类固体废物的申报', 'Your department does not regulate the declarations of this waste');
}

/** A company whose trade is industrial: a blank trade counts (it may be), a hospital or a garage does not. */
const industrialTrade = sql`coalesce(${organisations.industry}, '') !~ ${NON_INDUSTRIAL_TRADES}`;

/** The regulator's view of a period: every verified producer or receiver in scope, declared or not (of an industrial trade where the stream says so). */
export async function declarationOverview(db: Db, actor: Actor, periodType: PeriodType, period: string, missingOnly: boolean, page: number, pageSize: number, stream: DeclarationStream) {
  requireDeclarationRegulator(actor, stream);
  bounds(periodType, period);
  const latest = sql<number | null>`(SELECT max(d.version) FROM ${declarations} d WHERE d.organisation_id = "organisations"."id" AND d.stream = ${stream} AND d.period_type = ${periodType} AND d.period = ${period})`;
  const conditions: SQL[] = [
    scopeCondition(organisationScope(actor), organisations.regionCode, organisations.id), eq(organisations.kind, 'enterprise'), eq(organisations.status, 'verified'),
    sql`${organisations.capabilities} && ARRAY[${sql.join((streamDefinition(stream).declaration?.declarants ?? []).map((c) => sql`${c}`), sql`, `)}]::text[]`,
    ...(streamDefinition(stream).declaration?.industrialOnly ? [industrialTrade] : []),
  ];
  if (missingOnly) conditions.push(sql`${latest} IS NULL`);
  const where = and(...conditions)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ organisationId: organisations.id, organisationName: organisations.name, regionCode: organisations.regionCode, version: latest,
      industry: organisations.industry,
      submittedAt: sql<Date | null>`(SELECT max(d.submitted_at) FROM ${declarations} d WHERE d.organisation_id = "organisations"."id" AND d.stream = ${stream} AND d.period_type = ${periodType} AND d.period = ${period})` })
      .from(organisations).where(where).orderBy(sql`${latest} IS NOT NULL`, organisations.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(organisations).where(where),
  ]);
  return { items: items.map((i) => ({ ...i, declared: i.version !== null })), total, page, pageSize };
}

/** 利用处置情况报告: what a receiver took in, by method (R… utilised, D… disposed), against its licensed capacity. */
export async function receiverReport(db: Db, actor: Actor, year: number, organisationId?: string) {
  // Another company's report is for the officials who regulate a licensed stream (hazardous waste); a receiver reads its own.
  if (organisationId && organisationId !== actor.organisationId && actor.role !== 'platform_admin' && !licensedStreams().some((d) => regulatesStream(actor, d.key))) throw forbidden('贵部门不负责危险废物经营单位监管', 'Your department does not regulate hazardous-waste operators');
  const orgId = organisationId ?? actor.organisationId;
  const [org] = orgId ? await db.select().from(organisations).where(and(eq(organisations.id, orgId), scopeCondition(organisationScope(actor), organisations.regionCode, organisations.id))) : [];
  // Outside the caller's scope the company is not found, as any record out of scope; in it, it must be a receiver.
  if (!org) throw notFound({ zh: '单位', en: 'Organisation' });
  if (!org.capabilities.includes('receiver')) throw badRequest('NOT_A_RECEIVER', '该单位不是利用处置单位', 'Not a receiver', 'organisationId');
  const start = new Date(`${year}-01-01T00:00:00+08:00`), end = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const byMethod = await db.select({ wasteCode: ledgerMovements.wasteCode, method: sql<string>`coalesce(${ledgerMovements.treatmentMethod}, '')`, quantityT: sql<number>`sum(${ledgerMovements.quantityT})`.mapWith(Number) })
    .from(ledgerMovements).where(and(eq(ledgerMovements.organisationId, org.id), eq(ledgerMovements.kind, 'receive'), sql`${ledgerMovements.at} >= ${start} AND ${ledgerMovements.at} < ${end}`))
    .groupBy(ledgerMovements.wasteCode, ledgerMovements.treatmentMethod).orderBy(ledgerMovements.wasteCode);
  const inTransit = await db.select({ t: sql<number>`coalesce(sum(${manifests.declaredWeightT}), 0)`.mapWith(Number) }).from(manifests).where(and(eq(manifests.receiverId, org.id), eq(manifests.status, 'in_transit')));
  const lic = await db.select().from(licences).where(and(eq(licences.organisationId, org.id), eq(licences.active, true)));
  const receivedT = round(byMethod.reduce((s, r) => s + r.quantityT, 0));
  const capacityT = lic.reduce((s, l) => s + l.annualCapacityT, 0);
  return {
    organisation: { id: org.id, name: org.name }, year, receivedT,
    utilisedT: round(byMethod.filter((r) => r.method.startsWith('R')).reduce((s, r) => s + r.quantityT, 0)),
    disposedT: round(byMethod.filter((r) => r.method.startsWith('D')).reduce((s, r) => s + r.quantityT, 0)),
    byMethod: byMethod.map((r) => ({ ...r, quantityT: round(r.quantityT) })), inTransitT: round(inTransit[0].t),
    licences: lic.map((l) => ({ number: l.number, validTo: l.validTo, annualCapacityT: l.annualCapacityT })), capacityT, capacityUsed: capacityT ? round(receivedT / capacityT) : null,
  };
}

// Seed 000: 90% of producers registered, all of them in power, smelting, chemicals and paper.
const KEY_INDUSTRIES: [string, RegExp][] = [['电力', /电力|热电|发电/], ['冶炼', /冶炼|钢铁|有色金属/], ['化工', /化工|化学/], ['造纸', /造纸|纸业/]];
export const keyIndustry = (industry: string) => KEY_INDUSTRIES.find(([, re]) => re.test(industry))?.[0] ?? null;

/** 申报登记率: the share of the area's producers that declared general industrial waste in a year, by industry. */
export async function registrationByIndustry(db: Db, actor: Actor, year: number) {
  const { key: stream, declaration } = declarationStream('registrationRate');
  requireDeclarationRegulator(actor, stream);
  const declarants = sql.join(declaration!.declarants.map((c) => sql`${c}`), sql`, `);
  const rows = await db.execute<{ industry: string; producers: number; declared: number }>(sql`
    SELECT coalesce(nullif(organisations.industry, ''), '未填行业') AS industry, count(*)::int AS producers,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM declarations d WHERE d.organisation_id = organisations.id AND d.stream = ${stream} AND left(d.period, 4) = ${String(year)}))::int AS declared
    FROM organisations
    WHERE ${scopeCondition(organisationScope(actor), organisations.regionCode, organisations.id)} AND organisations.kind = 'enterprise' AND organisations.status = 'verified' AND organisations.capabilities && ARRAY[${declarants}]::text[]
      AND ${declaration!.industrialOnly ? industrialTrade : sql`true`}
    GROUP BY 1 ORDER BY 2 DESC LIMIT 500`);
  const items = rows.rows.map((r) => {
    const key = keyIndustry(r.industry);
    const target = key ? 100 : 90;
    const rate = r.producers ? Math.round((r.declared / r.producers) * 1000) / 10 : null;
    return { ...r, keyIndustry: key, targetPct: target, ratePct: rate, met: rate !== null && rate >= target };
  });
  const producers = items.reduce((n, i) => n + i.producers, 0), declared = items.reduce((n, i) => n + i.declared, 0);
  return { year, producers, declared, ratePct: producers ? Math.round((declared / producers) * 1000) / 10 : null, targetPct: 90, items };
}
