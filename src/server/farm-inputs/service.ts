import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { ledgerOrganisation } from '../ledger/service';
import type { Actor } from '../platform/policy';
import { badRequest, forbidden } from '../http/errors';
import { shanghaiDate } from '../../domain/labels';
import { regionWithin } from '../../domain/region-code';
import { pureNutrientKg, totalNutrientPct } from '../../domain/agri/inputs';
import { dealerScope } from '../pesticide/service';
import { fertiliserSales } from './schema';
import { sownArea, useFigure } from './use';

// 化肥销售台账 of the farm-input dealers, and the area's use of pesticides and fertilisers by year
// against the base year. Who sees what is the dealers' books' rule (pesticide/service.ts).

type Ctx = AuditContext & { actor: Actor };

export interface FertiliserSaleInput { soldOn: string; productName: string; registrationNo?: string; nPct: number; p2o5Pct: number; k2oPct: number; productKg: number }

/** A dealer's fertiliser sale with its 折纯量, computed here from the labelled content: one transaction with its audit row. */
export async function recordFertiliserSale(db: Db, ctx: Ctx, input: FertiliserSaleInput) {
  if (input.soldOn > shanghaiDate(new Date())) throw badRequest('FUTURE_DATE', '日期不能晚于今天', 'The date cannot be after today', 'soldOn');
  const total = totalNutrientPct(input);
  if (total <= 0) throw badRequest('NO_NUTRIENT', '氮、磷、钾含量不能都为0', 'N, P2O5 and K2O cannot all be 0', 'nPct');
  if (total > 100) throw badRequest('NUTRIENT_OVER_100', `养分含量合计 ${total}% 超过100%`, `The nutrients add up to ${total} %, more than 100 %`, 'k2oPct');
  return db.transaction(async (tx) => {
    const dealer = await ledgerOrganisation(tx, ctx.actor);
    if (!dealer.capabilities.includes('agri_dealer')) throw forbidden('本单位未登记为农资（化肥）经营单位', 'Your organisation is not registered as a farm-input dealer');
    const [row] = await tx.insert(fertiliserSales).values({
      regionCode: dealer.regionCode, dealerId: dealer.id, soldOn: input.soldOn, productName: input.productName, registrationNo: input.registrationNo ?? '',
      nPct: input.nPct, p2o5Pct: input.p2o5Pct, k2oPct: input.k2oPct, productKg: input.productKg, pureKg: pureNutrientKg(input.productKg, input), recordedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'fertiliser_sale.record', entityType: 'fertiliser_sale', entityId: row.id, regionCode: dealer.regionCode, organisationId: dealer.id, after: row });
    return { ...row, dealerName: dealer.name };
  });
}

export async function pageFertiliserSales(db: Db, actor: Actor, f: { from?: string; to?: string; dealerId?: string }, page: number, pageSize: number) {
  const where = and(dealerScope(actor, sql`${fertiliserSales.regionCode}`, sql`${fertiliserSales.dealerId}`), f.from ? sql`${fertiliserSales.soldOn} >= ${f.from}` : undefined,
    f.to ? sql`${fertiliserSales.soldOn} <= ${f.to}` : undefined, f.dealerId ? eq(fertiliserSales.dealerId, f.dealerId) : undefined);
  const [items, [{ total }]] = await Promise.all([
    db.select({
      id: fertiliserSales.id, regionCode: fertiliserSales.regionCode, dealerId: fertiliserSales.dealerId, dealerName: organisations.name, soldOn: fertiliserSales.soldOn, productName: fertiliserSales.productName,
      registrationNo: fertiliserSales.registrationNo, nPct: fertiliserSales.nPct, p2o5Pct: fertiliserSales.p2o5Pct, k2oPct: fertiliserSales.k2oPct, productKg: fertiliserSales.productKg, pureKg: fertiliserSales.pureKg,
    }).from(fertiliserSales).innerJoin(organisations, eq(organisations.id, fertiliserSales.dealerId)).where(where)
      .orderBy(sql`${fertiliserSales.soldOn} DESC`, sql`${fertiliserSales.recordedAt} DESC`, fertiliserSales.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(fertiliserSales).where(where),
  ]);
  return { items, total, page, pageSize };
}

/**
 * The area's pesticide and fertiliser use in the year and in the base year, each with its source, and
 * per 亩 where the sown area is entered: for the agriculture bureau and the office of the area.
 */
export async function areaUse(db: Db, actor: Actor, year: number, baseYear: number, regionCode?: string) {
  if (actor.role !== 'platform_admin' && actor.role !== 'office' && !(actor.role === 'regulator' && (actor.domain === 'agriculture' || actor.domain === 'general'))) {
    throw forbidden('化肥农药使用量由农业农村部门和“无废城市”办公室查看', 'Farm-input use is for the agriculture bureau and the zero-waste office');
  }
  const region = regionCode ?? actor.regionCode;
  if (actor.role !== 'platform_admin' && !regionWithin(region, actor.regionCode)) throw forbidden('只能查看本辖区', 'Only your own area');
  const kinds = ['pesticide', 'fertiliser'] as const;
  const figures = await Promise.all(kinds.flatMap((kind) => [useFigure(db, region, year, kind), useFigure(db, region, baseYear, kind)]));
  const [area, baseArea] = await Promise.all([sownArea(db, region, year), sownArea(db, region, baseYear)]);
  return { regionCode: region, year, baseYear, sownAreaMu: area.mu, baseSownAreaMu: baseArea.mu, items: kinds.map((kind, i) => ({ kind, current: figures[i * 2], base: figures[i * 2 + 1] })) };
}
