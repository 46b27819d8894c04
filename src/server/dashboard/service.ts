import { COLLECTION_METHOD } from '../../domain/streams/vocabularies';
import { STREAM_DEFINITIONS, isStreamKey, streamDefinition } from '../../domain/streams';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { regulatedWaste, regulates, type Actor, type RegulatedWaste } from '../platform/policy';
import { householdToday } from '../household/dashboard';
import { regulatedSql } from '../platform/scope-sql';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { forbidden } from '../http/errors';
import { ledgerSumSets } from '../ledger/monthly';
import type { LedgerKind } from '../ledger/schema';
import { manifests } from '../manifests/schema';
import { organisations } from '../platform/organisations/schema';
import { regions } from '../platform/regions/schema';
import { coveringPlan, planStatus } from '../indicators/service';
import { listTasks } from '../tasks/service';
import { fromFarmRecords } from '../agri/overview';
import { fromRecyclingLedgers } from '../recycling/overview';
import { indicatorUnit } from '../../domain/format';

/** The trend's kinds: generated, and utilised, disposed of or transferred out (handled). */
const TREND_KINDS: LedgerKind[] = ['generate', 'transfer_out', 'self_utilise', 'self_dispose'];

const yearStart = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);

/** The ledger categories of the waste regulated, from the stream definitions (`undefined`: every category). */
const categoryPrefixes = (waste: RegulatedWaste): (string | undefined)[] => (waste === 'all' ? [undefined] : waste.map((w) => w.categoryPrefix));

/**
 * The streams the screen gives a figure of their own: every stream of the registry, or those the
 * department regulates, each with the ledger categories it covers (HW, or HW01 for the health commission).
 */
const streamScopes = (waste: RegulatedWaste): { stream: string; categoryPrefix: string }[] =>
  (waste === 'all' ? STREAM_DEFINITIONS.map((d) => ({ stream: d.key, categoryPrefix: d.categoryPrefix })) : waste.filter((w) => isStreamKey(w.stream)).map((w) => ({ stream: w.stream, categoryPrefix: w.categoryPrefix })));

/**
 * 一屏掌控: everything the wall screen shows for one region, in one call. Each part is a bounded
 * aggregate (group by, top-N); ledger figures come from the monthly sums, never from the raw rows.
 */
export async function dashboard(db: Db, actor: Actor, regionCode: string | undefined, year: number) {
  const region = regionCode ?? actor.regionCode;
  const mayView = actor.role === 'platform_admin' || ((actor.role === 'office' || actor.role === 'regulator') && regionWithin(region, actor.regionCode));
  if (!mayView) throw forbidden('只能查看本辖区的大屏', 'You can view the screen of your own area only');
  const like = `${regionScopePrefix(region)}%`;
  const from = yearStart(year), to = yearStart(year + 1);
  // A department's screen counts the waste it regulates: its manifests, and the ledger's categories of it.
  const regulated = regulatedWaste(actor);
  const regulatedManifest = regulatedSql(regulated, sql`${manifests.stream}`, sql`${manifests.wasteCode}`);
  // The Sankey's flows (category × kind) and the monthly trend (month × kind) in one pass over the sums.
  const ledger = Promise.all(categoryPrefixes(regulated).map((categoryPrefix) => ledgerSumSets(db, { regionCode: region, year, categoryPrefix, sets: [['category', 'kind'], ['month', 'kind']] })))
    .then((parts) => ({ flows: parts.flatMap((p) => p[0]), monthly: parts.flatMap((p) => p[1]).filter((m) => TREND_KINDS.includes(m.kind)) }));

  // The plan that covers the region (its own, else the nearest above it: a town shows its county's),
  // assessed for the plan's own region against the plan's own targets; a city without a plan of its
  // own shows none, rather than one county's targets measured against the whole city. It runs
  // alongside the ledger sums, as do the overdue tasks.
  const indicatorStatus = coveringPlan(db, region).then((plan) => (plan ? planStatus(db, actor, plan.id, plan.regionCode, year) : null));
  const overdue = listTasks(db, actor, { regionCode: region, state: 'overdue' }, 1, 10).catch(() => ({ items: [], total: 0 }));
  // Household waste, for those who regulate it: today's tonnes by class and the plants' load.
  const household = regulates(regulated, 'household', '') ? householdToday(db, region) : Promise.resolve(null);
  const [[place], children, { flows, monthly }, received, inTransit, facilities, indicators, overdueTasks, householdNow] = await Promise.all([
    db.select().from(regions).where(eq(regions.code, region)),
    db.select({ code: regions.code, name: regions.name, level: regions.level }).from(regions).where(eq(regions.parentCode, region)).orderBy(regions.code).limit(100),
    // Sankey: generation → own utilisation / own disposal / transfer / still in store, by waste category.
    ledger,
    db.select({ method: sql<string>`coalesce(${manifests.data}->>'treatmentMethod', '')`, t: sql<number>`sum(${manifests.receivedWeightT})`.mapWith(Number) })
      .from(manifests).where(and(sql`${manifests.regionCode} LIKE ${like}`, regulatedManifest, sql`${manifests.status} IN ('received', 'partially_refused')`, sql`${manifests.updatedAt} >= ${from} AND ${manifests.updatedAt} < ${to}`))
      .groupBy(sql`${manifests.data}->>'treatmentMethod'`),
    db.select({ count: sql<number>`count(*)`.mapWith(Number), t: sql<number>`coalesce(sum(${manifests.declaredWeightT}), 0)`.mapWith(Number), overdue: sql<number>`count(*) FILTER (WHERE ${manifests.receiptDueAt} < now())`.mapWith(Number) })
      .from(manifests).where(and(sql`(${manifests.regionCode} LIKE ${like} OR ${manifests.receiverRegionCode} LIKE ${like})`, regulatedManifest, eq(manifests.status, 'in_transit'))),
    db.select({ id: organisations.id, name: organisations.name, capabilities: organisations.capabilities, longitude: organisations.longitude, latitude: organisations.latitude, regionCode: organisations.regionCode })
      .from(organisations).where(and(sql`${organisations.regionCode} LIKE ${like}`, eq(organisations.kind, 'enterprise'), eq(organisations.status, 'verified'), sql`${organisations.longitude} IS NOT NULL`)).limit(2000),
    indicatorStatus, overdue, household,
  ]);

  const round = (n: number) => Math.round(n * 1000) / 1000;
  const links: { source: string; target: string; value: number }[] = [];
  for (const f of flows.filter((x) => x.kind === 'generate')) links.push({ source: f.category, target: '产生', value: round(f.quantityT) });
  const sum = (kind: string, categoryPrefix = '') => round(flows.filter((f) => f.kind === kind && f.category.startsWith(categoryPrefix)).reduce((s, f) => s + f.quantityT, 0));
  const generated = sum('generate');
  for (const [kind, label] of [['self_utilise', '自行利用'], ['self_dispose', '自行处置'], ['transfer_out', '委外转移']] as const) if (sum(kind)) links.push({ source: '产生', target: label, value: sum(kind) });
  // A receiver's method code is its node (利用 R9, 处置 D10, and C1–C3, co-processing and building materials, with utilisation); text typed before the list was enforced counts as 其他.
  for (const r of received) if (r.t) links.push({ source: '委外转移', target: /^[RC]\d+$/.test(r.method) ? `利用 ${r.method}` : /^D\d+$/.test(r.method) ? `处置 ${r.method}` : r.method === COLLECTION_METHOD ? '集中收集贮存' : '其他', value: round(r.t) });

  // A department's computed rates (农业, 再生资源), for that department and those who see every department.
  const computedRows = (domain: string, fromItsRecords: (r: { formula: string | null }) => boolean) => (indicators && (regulated === 'all' || actor.domain === domain)
    ? indicators.rows.filter((r) => r.source === 'computed' && fromItsRecords(r)).map((r) => ({ no: r.no, name: r.name, unit: indicatorUnit(r), value: r.latest?.value ?? null, status: r.status, target: r.targets.at(-1)?.text ?? null }))
    : null);

  const attainment = indicators ? Object.entries(indicators.rows.reduce<Record<string, Record<string, number>>>((acc, r) => {
    (acc[r.level1] ??= {})[r.status] = ((acc[r.level1] ?? {})[r.status] ?? 0) + 1;
    return acc;
  }, {})).map(([area, counts]) => ({ area, counts })) : [];

  return {
    region: place ? { code: place.code, name: place.name, level: place.level } : null, year, children,
    indicators: indicators ? { planId: indicators.plan.id, title: indicators.plan.title, regionCode: indicators.regionCode, attainment, offTrack: indicators.rows.filter((r) => r.status === 'off_track' || r.status === 'at_risk').map((r) => ({ no: r.no, name: r.name, status: r.status, latest: r.latest })) } : null,
    flows: { generatedT: generated, links },
    // Each stream's generation from its own categories: 危险废物 is HW* only, never a truckload of 渣土.
    streams: streamScopes(regulated).map(({ stream, categoryPrefix }) => {
      const { label, categoryPrefix: whole } = streamDefinition(stream);
      return {
        // A stream whose categories hold another's narrower ones (再生资源 RR, e-waste RR06) counts without them.
        stream, categoryPrefix, generatedT: round(sum('generate', categoryPrefix) - STREAM_DEFINITIONS.filter((d) => d.categoryPrefix !== categoryPrefix && d.categoryPrefix.startsWith(categoryPrefix)).reduce((t, d) => t + sum('generate', d.categoryPrefix), 0)),
        label: categoryPrefix === whole ? label : { zh: `${label.zh}（${categoryPrefix}）`, en: `${label.en} (${categoryPrefix})` },
      };
    }),
    manifestsInTransit: inTransit[0],
    overdueTasks: { total: overdueTasks.total, items: overdueTasks.items.map((t) => ({ id: t.id, title: t.title, deadlineText: t.deadlineText, lead: t.lead })) },
    facilities,
    household: householdNow,
    // 农业固体废物: the plan's rows the farm records compute, for the agriculture bureau and those who see every department.
    agriculture: computedRows('agriculture', fromFarmRecords),
    // 再生资源: the rows the recycling network's ledgers compute, for the commerce bureau and those who see every department.
    recycling: computedRows('commerce', fromRecyclingLedgers),
    trend: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, generatedT: round(monthly.filter((m) => m.month === i + 1 && m.kind === 'generate').reduce((s, m) => s + m.quantityT, 0)), handledT: round(monthly.filter((m) => m.month === i + 1 && m.kind !== 'generate').reduce((s, m) => s + m.quantityT, 0)) })),
    generatedAt: new Date().toISOString(),
  };
}
