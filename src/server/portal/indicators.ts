import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { indicatorPlans, indicatorValues } from '../indicators/schema';
import { regions } from '../platform/regions/schema';
import { organisations } from '../platform/organisations/schema';
import { coveringPlan, planStatus } from '../indicators/service';
import type { Actor } from '../platform/policy';
import { STATUS_LABELS, type Status } from '../../domain/indicators/progress';
import { regionLevelOf } from '../../domain/region-code';
import { shanghaiYear } from '../../domain/labels';
import { indicatorUnit } from '../../domain/format';

// The indicator system as the public sees it: per area, each row's value, target, progress and when
// the figure was last updated. The same computation as the office's table, read through an actor that
// may only read the plan's own area.

const SOURCE = {
  computed: { zh: '平台计算', en: 'Computed by the platform' },
  reported: { zh: '部门填报', en: 'Reported by a department' },
  qualitative: { zh: '定性评估', en: 'Assessed in words' },
} as const;

/** Reads a plan as its own office would: the area's subtree and the plans above it, nothing else, no writes. */
const planReader = (regionCode: string): Actor => ({
  via: 'session', userId: null, tokenId: null, username: 'public', role: 'office', organisationId: null, organisationKind: null, organisationStatus: null, regionCode, domain: null, scopes: [],
});

export interface PublicIndicatorRow {
  no: number; level1: string; level2: string; name: string; mark: string | null; unit: string; baselineText: string;
  /** The unit the value is in (a plan without a unit column writes it in its targets). */
  valueUnit: string;
  targets: { year: number; text: string }[];
  value: { year: number; value: number } | null;
  source: { zh: string; en: string };
  status: { value: Status; zh: string; en: string };
  updatedAt: string | null;
}

/** The area's plan (its own or the one above it) with each row's public figure; null when no plan covers it. */
export async function publicIndicators(db: Db, regionCode: string, now = new Date()) {
  const plan = await coveringPlan(db, regionCode);
  if (!plan) return null;
  const year = shanghaiYear(now);
  const status = await planStatus(db, planReader(plan.regionCode), plan.id, regionCode, year);
  const ids = status.rows.filter((r) => r.latest && r.latest.origin !== 'computed').map((r) => r.id);
  const reported = ids.length ? await db.select({ id: indicatorValues.indicatorId, at: sql<string>`max(coalesce(${indicatorValues.reviewedAt}, ${indicatorValues.reportedAt}))` })
    .from(indicatorValues).where(and(inArray(indicatorValues.indicatorId, ids), eq(indicatorValues.regionCode, regionCode), eq(indicatorValues.status, 'approved'))).groupBy(indicatorValues.indicatorId) : [];
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, regionCode));
  const rows: PublicIndicatorRow[] = status.rows.map((r) => ({
    no: r.no, level1: r.level1, level2: r.level2, name: r.name, mark: r.mark, unit: r.unit, baselineText: r.baselineText, targets: r.targets,
    valueUnit: indicatorUnit({ unit: r.unit, targets: r.targets, baselineText: r.baselineText }),
    value: r.latest ? { year: r.latest.year, value: r.latest.value } : null,
    source: SOURCE[r.source],
    status: { value: r.status, ...STATUS_LABELS[r.status] },
    // A computed figure is as fresh as this answer; a reported one dates from its approval.
    updatedAt: r.latest ? (r.latest.origin === 'computed' ? now.toISOString() : new Date(reported.find((x) => x.id === r.id)?.at ?? now).toISOString()) : null,
  }));
  const counts = Object.fromEntries((Object.keys(STATUS_LABELS) as Status[]).map((s) => [s, rows.filter((r) => r.status.value === s).length])) as Record<Status, number>;
  return {
    regionCode, regionName: region?.name ?? regionCode, year, plan: { title: plan.title, regionCode: plan.regionCode, baselineYear: plan.baselineYear },
    computedRows: status.rows.filter((r) => r.source === 'computed').length, counts, rows, computedAt: now.toISOString(),
  };
}

/** The areas with a public view: those with a plan in force, and the counties below a city's plan. */
export async function publicAreas(db: Db) {
  const plans = await db.select({ regionCode: indicatorPlans.regionCode, title: indicatorPlans.title }).from(indicatorPlans).where(isNull(indicatorPlans.supersededAt)).orderBy(asc(indicatorPlans.regionCode), desc(indicatorPlans.createdAt));
  const codes = [...new Set(plans.map((p) => p.regionCode))];
  const cities = codes.filter((c) => regionLevelOf(c) === 'city');
  const below = cities.length ? await db.select({ code: regions.code }).from(regions).where(and(inArray(regions.parentCode, cities), eq(regions.level, 'county'))) : [];
  const all = [...new Set([...codes, ...below.map((b) => b.code)])];
  const names = all.length ? await db.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode }).from(regions).where(inArray(regions.code, all)) : [];
  // The area the platform serves most (the most verified organisations) opens first for a visitor who names none.
  const sizes = all.length ? await db.execute<{ code: string; n: number }>(sql`SELECT c.code, (SELECT count(*)::int FROM ${organisations} o WHERE o.status = 'verified' AND o.region_code LIKE c.code || '%') AS n
    FROM unnest(ARRAY[${sql.join(all.map((c) => sql`${c}`), sql`, `)}]::text[]) AS c(code)`) : { rows: [] };
  const primary = [...sizes.rows].sort((a, b) => b.n - a.n)[0]?.code ?? null;
  return all.map((code) => {
    const r = names.find((n) => n.code === code);
    return { regionCode: code, name: r?.name ?? code, level: r?.level ?? regionLevelOf(code) ?? 'county', parentCode: r?.parentCode ?? null, plan: plans.find((p) => p.regionCode === code)?.title ?? null, primary: code === primary };
  }).sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}

