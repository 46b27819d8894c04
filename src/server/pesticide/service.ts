import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatesStream, type Actor } from '../platform/policy';
import { manifestVisibleSql } from '../platform/scope-sql';
import { ledgerOrganisation, insertBatch, requireStreamCode } from '../ledger/service';
import { manifests } from '../manifests/schema';
import { householdFacilities } from '../household/schema';
import { licensedReceivers } from '../hazardous/receivers';
import { badRequest, conflict, forbidden } from '../http/errors';
import { containsPattern } from '../http/pagination';
import { regionScopePrefix } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { PESTICIDE } from '../../domain/streams/pesticide';
import { noPackages, overReturned, PACKAGE_TYPES, PACKAGE_TYPE_VALUES, PESTICIDE_HW_CODE, type PackageCounts, type PackageType } from '../../domain/agri/pesticide';
import { pesticideSales, pesticidePackageCodes, pesticideReturns, pesticideRefunds, pesticideReceipts, pesticideUtilisers } from './schema';

// 农药包装废弃物: the dealer's books (sales, returns, deposits), the town station's receipts and the
// bureau's register of designated utilisers. Who sees what: the agriculture bureau and the office
// their area (a town's agricultural station its town); a dealer its own books; a station its own
// receipts and those a dealer sees of its hand-overs.

type Ctx = AuditContext & { actor: Actor };

const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';
const like = (regionCode: string) => `${regionScopePrefix(regionCode)}%`;
const typeLabel = (type: PackageType) => PACKAGE_TYPES.find((t) => t.value === type)!;
const countField = (type: PackageType) => `${type}Count`;

/** The official's area if it regulates pesticide packaging (the agriculture bureau, the office, a general department). */
function officialArea(a: Actor, column: SQL): SQL {
  if (!regulatesStream(a, PESTICIDE.key)) throw forbidden('农药包装废弃物由农业农村部门监管', 'Pesticide packaging is regulated by the agriculture bureau');
  return sql`${column} LIKE ${like(a.regionCode)}`;
}

/** Records of the dealers' books the actor may list: its area's as an official, its own as a dealer. */
export function dealerScope(a: Actor, regionColumn: SQL, dealerColumn: SQL): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) return officialArea(a, regionColumn);
  if (!a.organisationId) throw forbidden();
  return sql`${dealerColumn} = ${a.organisationId}`;
}

/** The verified company the actor acts for, holding the capability; a driver or another company is refused. */
async function companyWith(tx: Queryable, a: Actor, capability: 'agri_dealer' | 'collection_station') {
  const org = await ledgerOrganisation(tx, a);
  if (!org.capabilities.includes(capability)) {
    throw capability === 'agri_dealer'
      ? forbidden('本单位未登记为农资（农药）经营单位', 'Your organisation is not registered as a farm-input dealer')
      : forbidden('本单位未登记为农药包装废弃物回收站点', 'Your organisation is not registered as a collection station');
  }
  await tx.execute(sql`SELECT id FROM organisations WHERE id = ${org.id} FOR UPDATE`);
  return org;
}

const notFuture = (day: string, path: string) => {
  if (day > shanghaiDate(new Date())) throw badRequest('FUTURE_DATE', '日期不能晚于今天', 'The date cannot be after today', path);
};

export interface SaleInput {
  soldOn: string; productName: string; registrationNo: string; activeIngredient: string; contentPct: number; packageType: PackageType; packageMaterial: string;
  packageSize: string; packageCount: number; productKg: number; packageWeightG: number; depositYuan?: number; packageCodes?: string[];
}

/** A dealer's sale, with its deposit-refund codes: one transaction with its audit row. A code already sold is refused. */
export async function recordSale(db: Db, ctx: Ctx, input: SaleInput) {
  notFuture(input.soldOn, 'soldOn');
  const codes = input.packageCodes ?? [];
  if (codes.length && input.depositYuan === undefined) throw badRequest('DEPOSIT_REQUIRED', '登记包装物二维码时请填写每个包装的押金', 'Give the deposit on each package when recording package codes', 'depositYuan');
  if (codes.length > input.packageCount) throw badRequest('TOO_MANY_CODES', `二维码数（${codes.length}）多于销售的包装数（${input.packageCount}）`, `More codes (${codes.length}) than packages sold (${input.packageCount})`, 'packageCodes');
  if (new Set(codes).size !== codes.length) throw badRequest('DUPLICATE_CODE', '同一二维码重复登记', 'A package code is listed twice', 'packageCodes');
  return db.transaction(async (tx) => {
    const dealer = await companyWith(tx, ctx.actor, 'agri_dealer');
    if (codes.length) {
      const taken = await tx.select({ code: pesticidePackageCodes.code }).from(pesticidePackageCodes).where(inArray(pesticidePackageCodes.code, codes));
      if (taken.length) throw conflict('CODE_ALREADY_SOLD', `包装物二维码 ${taken[0].code} 已登记销售`, `Package code ${taken[0].code} has been sold already`, 'packageCodes');
    }
    const { packageCodes: _codes, ...fields } = input;
    const [sale] = await tx.insert(pesticideSales).values({ ...fields, depositYuan: input.depositYuan ?? null, regionCode: dealer.regionCode, dealerId: dealer.id, recordedBy: ctx.actor.userId! }).returning();
    if (codes.length) {
      await tx.insert(pesticidePackageCodes).values(codes.map((code) => ({ code, regionCode: dealer.regionCode, saleId: sale.id, dealerId: dealer.id, packageType: input.packageType, depositYuan: input.depositYuan! })));
    }
    await recordAudit(tx, ctx, { action: 'pesticide_sale.record', entityType: 'pesticide_sale', entityId: sale.id, regionCode: dealer.regionCode, organisationId: dealer.id, after: { ...sale, packageCodes: codes } });
    return { ...sale, packageCodes: codes, dealerName: dealer.name };
  });
}

/** What a dealer sold and took back over its whole history, by package type. */
async function dealerHistory(tx: Queryable, dealerId: string) {
  const sold = noPackages(), returned = noPackages(), handedOver = noPackages();
  const soldRows = await tx.select({ type: pesticideSales.packageType, n: sql<number>`sum(${pesticideSales.packageCount})::int` }).from(pesticideSales).where(eq(pesticideSales.dealerId, dealerId)).groupBy(pesticideSales.packageType);
  for (const r of soldRows) if (r.type in sold) sold[r.type as PackageType] = r.n;
  const sums = (t: typeof pesticideReturns | typeof pesticideReceipts) => ({
    bottle: sql<number>`coalesce(sum(${t.bottleCount}), 0)::int`, bag: sql<number>`coalesce(sum(${t.bagCount}), 0)::int`, drum: sql<number>`coalesce(sum(${t.drumCount}), 0)::int`,
  });
  const [r] = await tx.select(sums(pesticideReturns)).from(pesticideReturns).where(eq(pesticideReturns.dealerId, dealerId));
  const [h] = await tx.select(sums(pesticideReceipts)).from(pesticideReceipts).where(eq(pesticideReceipts.dealerId, dealerId));
  Object.assign(returned, r);
  Object.assign(handedOver, h);
  return { sold, returned, handedOver };
}

export interface ReturnInput { returnedOn: string; returnedBy?: string; bottleCount: number; bagCount: number; drumCount: number; weightKg: number; packageCodes?: string[] }

/**
 * 谁销售谁回收: what a dealer takes back from farmers. Over its whole history, by type, it may not take
 * back more than it sold; a coded package must be one it sold and not yet returned, and its deposit
 * is refunded. The dealer's row is locked, so two returns at once are checked one after the other.
 */
export async function recordReturn(db: Db, ctx: Ctx, input: ReturnInput) {
  notFuture(input.returnedOn, 'returnedOn');
  const codes = input.packageCodes ?? [];
  if (new Set(codes).size !== codes.length) throw badRequest('DUPLICATE_CODE', '同一二维码重复扫描', 'A package code is scanned twice', 'packageCodes');
  const adding: PackageCounts = { bottle: input.bottleCount, bag: input.bagCount, drum: input.drumCount };
  if (adding.bottle + adding.bag + adding.drum === 0) throw badRequest('NOTHING_RETURNED', '请填写回收的包装物数量', 'Give the number of packages taken back', 'bottleCount');
  return db.transaction(async (tx) => {
    const dealer = await companyWith(tx, ctx.actor, 'agri_dealer');
    const history = await dealerHistory(tx, dealer.id);
    const over = overReturned(history.sold, history.returned, adding);
    if (over) {
      const l = typeLabel(over.type);
      throw badRequest('OVER_RETURNED', `本店累计销售${l.zh}装农药 ${over.sold} 个，已回收 ${over.returned} 个，不能再回收 ${over.adding} 个`,
        `The shop has sold ${over.sold} ${l.en.toLowerCase()}s in all and taken back ${over.returned}; it cannot take back ${over.adding} more`, countField(over.type));
    }
    let refund = 0;
    const coded: { code: string; depositYuan: number }[] = [];
    if (codes.length) {
      const sold = await tx.select().from(pesticidePackageCodes).where(inArray(pesticidePackageCodes.code, codes));
      const unknown = codes.find((c) => !sold.some((s) => s.code === c && s.dealerId === dealer.id));
      if (unknown) throw badRequest('CODE_NEVER_SOLD', `二维码 ${unknown} 不是本店售出的包装`, `Code ${unknown} is not on a package this shop sold`, 'packageCodes');
      const back = await tx.select({ code: pesticideRefunds.code }).from(pesticideRefunds).where(inArray(pesticideRefunds.code, codes));
      if (back.length) throw conflict('CODE_ALREADY_RETURNED', `二维码 ${back[0].code} 的包装已回收并退还押金`, `The package coded ${back[0].code} has been returned and refunded already`, 'packageCodes');
      for (const type of PACKAGE_TYPE_VALUES) {
        const n = sold.filter((s) => s.packageType === type).length;
        if (n > adding[type]) throw badRequest('CODES_OVER_COUNT', `扫描的${typeLabel(type).zh}装二维码（${n} 个）多于回收数量`, `More ${typeLabel(type).en.toLowerCase()} codes scanned (${n}) than counted`, countField(type));
      }
      for (const s of sold) { coded.push({ code: s.code, depositYuan: s.depositYuan }); refund += s.depositYuan; }
    }
    const [row] = await tx.insert(pesticideReturns).values({
      regionCode: dealer.regionCode, dealerId: dealer.id, returnedOn: input.returnedOn, returnedBy: input.returnedBy ?? '', bottleCount: input.bottleCount, bagCount: input.bagCount,
      drumCount: input.drumCount, weightKg: input.weightKg, refundYuan: Math.round(refund * 100) / 100, recordedBy: ctx.actor.userId!,
    }).returning();
    if (coded.length) await tx.insert(pesticideRefunds).values(coded.map((c) => ({ code: c.code, returnId: row.id, refundYuan: c.depositYuan })));
    await recordAudit(tx, ctx, { action: 'pesticide_return.record', entityType: 'pesticide_return', entityId: row.id, regionCode: dealer.regionCode, organisationId: dealer.id, after: { ...row, packageCodes: codes } });
    return { ...row, packageCodes: codes, dealerName: dealer.name };
  });
}

export interface ReceiptInput { receivedOn: string; sourceKind: 'dealer' | 'farmer'; dealerId?: string; farmerName?: string; bottleCount: number; bagCount: number; drumCount: number; weightKg: number }

/** Noon of a past day in Asia/Shanghai, or now for today: when a receipt's batch entered the store. */
const receivedAt = (day: string) => (day === shanghaiDate(new Date()) ? new Date() : new Date(`${day}T12:00:00+08:00`));

/**
 * A town station receives packages from a dealer (no more, by type, than the dealer took back and
 * has not handed over yet) or from a farmer. The receipt becomes a batch of the station's store in
 * the same transaction, from which loads leave on the stream's manifests.
 */
export async function recordReceipt(db: Db, ctx: Ctx, input: ReceiptInput) {
  notFuture(input.receivedOn, 'receivedOn');
  if (input.sourceKind === 'dealer' && !input.dealerId) throw badRequest('DEALER_REQUIRED', '请选择交来包装物的农药经营门店', 'Choose the dealer handing the packages over', 'dealerId');
  if (input.sourceKind === 'farmer' && input.dealerId) throw badRequest('DEALER_NOT_EXPECTED', '农户直接交来的包装物不填经营门店', 'A farmer’s own hand-in names no dealer', 'dealerId');
  const counts: PackageCounts = { bottle: input.bottleCount, bag: input.bagCount, drum: input.drumCount };
  if (counts.bottle + counts.bag + counts.drum === 0) throw badRequest('NOTHING_RECEIVED', '请填写接收的包装物数量', 'Give the number of packages received', 'bottleCount');
  const entry = await requireStreamCode(db, PESTICIDE.key, PESTICIDE.codeExample);
  return db.transaction(async (tx) => {
    const station = await companyWith(tx, ctx.actor, 'collection_station');
    let dealerName: string | null = null;
    if (input.sourceKind === 'dealer') {
      const [dealer] = await tx.select().from(organisations).where(eq(organisations.id, input.dealerId!)).for('update');
      if (!dealer || dealer.status !== 'verified' || !dealer.capabilities.includes('agri_dealer') || dealer.regionCode.slice(0, 6) !== station.regionCode.slice(0, 6)) {
        throw badRequest('NOT_A_DEALER', '交来单位须为本县（市、区）已审核的农药经营单位', 'The dealer must be a verified pesticide dealer of this county', 'dealerId');
      }
      dealerName = dealer.name;
      const history = await dealerHistory(tx, dealer.id);
      const over = overReturned(history.returned, history.handedOver, counts);
      if (over) {
        const l = typeLabel(over.type);
        throw badRequest('OVER_TAKEN_BACK', `${dealer.name} 累计回收${l.zh}装 ${over.sold} 个，已交站 ${over.returned} 个，不能再交 ${over.adding} 个`,
          `${dealer.name} has taken back ${over.sold} ${l.en.toLowerCase()}s and handed over ${over.returned}; it cannot hand over ${over.adding} more`, countField(over.type));
      }
    }
    const day = input.receivedOn.replace(/-/g, '');
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(pesticideReceipts).where(and(eq(pesticideReceipts.stationId, station.id), eq(pesticideReceipts.receivedOn, input.receivedOn)));
    const { batch } = await insertBatch(tx, ctx, station, { code: entry.code, name: entry.name, catalogueName: entry.description || entry.name, category: entry.category, hazard: entry.hazard }, {
      stream: PESTICIDE.key, wasteCode: entry.code, physicalForm: '固态（清洗后的空农药包装）', containerType: '编织袋', containerCount: 1, quantityT: Math.round(input.weightKg * 10) / 10_000,
      storageFacility: '收储站暂存间', generatedAt: receivedAt(input.receivedOn), storeNow: true, attributes: { bottleCount: counts.bottle, bagCount: counts.bag, drumCount: counts.drum },
    }, input.sourceKind === 'dealer' ? `经营门店交站：${dealerName}` : `农户交回：${input.farmerName ?? ''}`);
    const [row] = await tx.insert(pesticideReceipts).values({
      regionCode: station.regionCode, stationId: station.id, receiptNo: `SJ${day}-${String(n + 1).padStart(3, '0')}`, receivedOn: input.receivedOn, sourceKind: input.sourceKind,
      dealerId: input.dealerId ?? null, farmerName: input.farmerName ?? '', bottleCount: counts.bottle, bagCount: counts.bag, drumCount: counts.drum, weightKg: input.weightKg,
      batchId: batch.id, recordedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'pesticide_receipt.record', entityType: 'pesticide_receipt', entityId: row.id, regionCode: station.regionCode, organisationId: station.id, after: row });
    return { ...row, stationName: station.name, dealerName, batchNo: batch.batchNo };
  });
}

export interface DesignationInput { organisationId: string; action: 'designate' | 'revoke'; decisionNo: string; note?: string }

/** The county agriculture bureau designates (or revokes) a utiliser under the 办法; the register keeps every decision. */
export async function decideUtiliser(db: Db, ctx: Ctx, input: DesignationInput) {
  const a = ctx.actor;
  if (a.role !== 'regulator' || a.domain !== 'agriculture' || a.regionCode.length !== 6 || a.via !== 'session') {
    throw forbidden('资源化利用单位由县级农业农村部门确定', 'Utilisers are designated by the county agriculture bureau');
  }
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId)).for('update');
    if (!org || org.status !== 'verified' || org.kind !== 'enterprise' || !org.regionCode.startsWith(a.regionCode)) {
      throw badRequest('NOT_IN_AREA', '须为本辖区已审核的企业', 'Choose a verified company of your area', 'organisationId');
    }
    if (input.action === 'designate' && !org.capabilities.some((c) => c === 'recycler' || c === 'receiver')) {
      throw badRequest('NOT_A_UTILISER', `${org.name} 未登记为再生资源利用或处置单位`, `${org.name} is not registered as a recycler or a treatment company`, 'organisationId');
    }
    const current = await designatedIn(tx, a.regionCode, [org.id]);
    if ((input.action === 'designate') === current.has(org.id)) {
      throw conflict('NO_CHANGE', input.action === 'designate' ? `${org.name} 已是确定的利用单位` : `${org.name} 不在利用单位名单中`, input.action === 'designate' ? `${org.name} is designated already` : `${org.name} is not on the register`, 'action');
    }
    const [row] = await tx.insert(pesticideUtilisers).values({ regionCode: a.regionCode, organisationId: org.id, action: input.action, decisionNo: input.decisionNo, note: input.note ?? '', recordedBy: a.userId! }).returning();
    await recordAudit(tx, ctx, { action: `pesticide_utiliser.${input.action}`, entityType: 'pesticide_utiliser', entityId: row.id, regionCode: a.regionCode, organisationId: org.id, after: row });
    return { ...row, organisationName: org.name, inForce: input.action === 'designate' };
  });
}

/** The latest decision per organisation, as SQL over pesticide_utilisers (alias u). */
const LATEST = sql`NOT EXISTS (SELECT 1 FROM pesticide_utilisers later WHERE later.organisation_id = u.organisation_id AND (later.recorded_at, later.id) > (u.recorded_at, u.id))`;

/** Of these organisations, those designated in the county and not revoked since. */
export async function designatedIn(q: Queryable, county: string, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const rows = (await q.execute<{ id: string }>(sql`SELECT u.organisation_id AS id FROM pesticide_utilisers u
    WHERE u.organisation_id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) AND u.region_code LIKE ${`${county.slice(0, 6)}%`} AND u.action = 'designate' AND ${LATEST}`)).rows;
  return new Set(rows.map((r) => r.id));
}

/** The operator runs a household-waste incinerator or sanitary landfill in use. */
export async function runsHouseholdDisposal(q: Queryable, organisationId: string) {
  const [found] = await q.select({ id: householdFacilities.id }).from(householdFacilities)
    .where(and(eq(householdFacilities.organisationId, organisationId), inArray(householdFacilities.kind, ['incineration', 'sanitary_landfill']), eq(householdFacilities.status, 'in_use'))).limit(1);
  return !!found;
}

/** The register as it stands: designated utilisers of the actor's county, with the decision in force. */
export async function pageUtilisers(db: Db, actor: Actor, page: number, pageSize: number) {
  const county = actor.role === 'platform_admin' ? '' : actor.regionCode.slice(0, 6);
  const where = sql`u.action = 'designate' AND ${LATEST} AND u.region_code LIKE ${`${county}%`}`;
  const [rows, counted] = await Promise.all([
    db.execute<{ id: string; organisationId: string; organisationName: string; regionCode: string; decisionNo: string; note: string; recordedAt: string }>(sql`
      SELECT u.id, u.organisation_id AS "organisationId", o.name AS "organisationName", o.region_code AS "regionCode", u.decision_no AS "decisionNo", u.note, u.recorded_at AS "recordedAt"
      FROM pesticide_utilisers u JOIN organisations o ON o.id = u.organisation_id WHERE ${where} ORDER BY o.name, u.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM pesticide_utilisers u WHERE ${where}`),
  ]);
  return { items: rows.rows.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) })), total: counted.rows[0].total, page, pageSize };
}

/**
 * Where a station's load may go: the designated utilisers of its county and the household-waste
 * incinerators' and landfills' operators of its city (exempt), and the receivers licensed today for
 * 900-003-04 (a load managed as hazardous waste).
 */
export async function destinations(db: Db, actor: Actor) {
  const county = actor.regionCode.slice(0, 6), city = actor.regionCode.slice(0, 4);
  const utilisers = (await db.execute<{ id: string; name: string; regionCode: string }>(sql`SELECT o.id, o.name, o.region_code AS "regionCode" FROM pesticide_utilisers u JOIN organisations o ON o.id = u.organisation_id
    WHERE u.action = 'designate' AND ${LATEST} AND u.region_code LIKE ${`${county}%`} AND o.status = 'verified' ORDER BY o.name LIMIT 50`)).rows;
  const disposers = await db.selectDistinct({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations)
    .innerJoin(householdFacilities, eq(householdFacilities.organisationId, organisations.id))
    .where(and(eq(organisations.status, 'verified'), sql`${organisations.regionCode} LIKE ${`${city}%`}`, inArray(householdFacilities.kind, ['incineration', 'sanitary_landfill']), eq(householdFacilities.status, 'in_use')))
    .orderBy(organisations.name).limit(50);
  const licensed = (await licensedReceivers(db, PESTICIDE_HW_CODE, shanghaiDate(new Date()))).filter((r) => r.regionCode.startsWith(city.slice(0, 2)));
  return {
    items: [
      ...utilisers.map((u) => ({ ...u, kind: 'designated_utiliser' as const, managedAs: 'exempt' as const })),
      ...disposers.map((d) => ({ ...d, kind: 'household_disposal' as const, managedAs: 'exempt' as const })),
      ...licensed.map((r) => ({ id: r.id, name: r.name, regionCode: r.regionCode, kind: 'other' as const, managedAs: 'hazardous' as const })),
    ],
  };
}

export interface BookFilter { from?: string; to?: string; dealerId?: string }
const between = (column: SQL, f: BookFilter) => and(f.from ? sql`${column} >= ${f.from}` : undefined, f.to ? sql`${column} <= ${f.to}` : undefined);

/** A dealer's sales (its own; an official's area), newest first. */
export async function pageSales(db: Db, actor: Actor, f: BookFilter, page: number, pageSize: number) {
  const where = and(dealerScope(actor, sql`${pesticideSales.regionCode}`, sql`${pesticideSales.dealerId}`), between(sql`${pesticideSales.soldOn}`, f), f.dealerId ? eq(pesticideSales.dealerId, f.dealerId) : undefined);
  const [items, [{ total }]] = await Promise.all([
    db.select({
      id: pesticideSales.id, regionCode: pesticideSales.regionCode, dealerId: pesticideSales.dealerId, dealerName: organisations.name, soldOn: pesticideSales.soldOn, productName: pesticideSales.productName,
      registrationNo: pesticideSales.registrationNo, activeIngredient: pesticideSales.activeIngredient, contentPct: pesticideSales.contentPct, packageType: pesticideSales.packageType,
      packageMaterial: pesticideSales.packageMaterial, packageSize: pesticideSales.packageSize, packageCount: pesticideSales.packageCount, productKg: pesticideSales.productKg,
      packageWeightG: pesticideSales.packageWeightG, depositYuan: pesticideSales.depositYuan,
      codes: sql<number>`(SELECT count(*)::int FROM ${pesticidePackageCodes} c WHERE c.sale_id = ${pesticideSales.id})`,
    }).from(pesticideSales).innerJoin(organisations, eq(organisations.id, pesticideSales.dealerId)).where(where)
      .orderBy(sql`${pesticideSales.soldOn} DESC`, sql`${pesticideSales.recordedAt} DESC`, pesticideSales.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(pesticideSales).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** What dealers took back (its own; an official's area), newest first. */
export async function pageReturns(db: Db, actor: Actor, f: BookFilter, page: number, pageSize: number) {
  const where = and(dealerScope(actor, sql`${pesticideReturns.regionCode}`, sql`${pesticideReturns.dealerId}`), between(sql`${pesticideReturns.returnedOn}`, f), f.dealerId ? eq(pesticideReturns.dealerId, f.dealerId) : undefined);
  const [items, [{ total }]] = await Promise.all([
    db.select({
      id: pesticideReturns.id, regionCode: pesticideReturns.regionCode, dealerId: pesticideReturns.dealerId, dealerName: organisations.name, returnedOn: pesticideReturns.returnedOn,
      returnedBy: pesticideReturns.returnedBy, bottleCount: pesticideReturns.bottleCount, bagCount: pesticideReturns.bagCount, drumCount: pesticideReturns.drumCount,
      weightKg: pesticideReturns.weightKg, refundYuan: pesticideReturns.refundYuan,
      codes: sql<string[]>`(SELECT coalesce(array_agg(r.code ORDER BY r.code), '{}') FROM ${pesticideRefunds} r WHERE r.return_id = ${pesticideReturns.id})`,
    }).from(pesticideReturns).innerJoin(organisations, eq(organisations.id, pesticideReturns.dealerId)).where(where)
      .orderBy(sql`${pesticideReturns.returnedOn} DESC`, sql`${pesticideReturns.recordedAt} DESC`, pesticideReturns.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(pesticideReturns).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** The station's receipts; a dealer sees its own hand-overs; an official its area's. */
function receiptScope(a: Actor): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) return officialArea(a, sql`${pesticideReceipts.regionCode}`);
  if (!a.organisationId) throw forbidden();
  return sql`(${pesticideReceipts.stationId} = ${a.organisationId} OR ${pesticideReceipts.dealerId} = ${a.organisationId})`;
}

const receiptColumns = {
  id: pesticideReceipts.id, regionCode: pesticideReceipts.regionCode, receiptNo: pesticideReceipts.receiptNo, stationId: pesticideReceipts.stationId,
  stationName: sql<string>`(SELECT name FROM ${organisations} o WHERE o.id = ${pesticideReceipts.stationId})`, receivedOn: pesticideReceipts.receivedOn, sourceKind: pesticideReceipts.sourceKind,
  dealerId: pesticideReceipts.dealerId, dealerName: sql<string | null>`(SELECT name FROM ${organisations} o WHERE o.id = ${pesticideReceipts.dealerId})`, farmerName: pesticideReceipts.farmerName,
  bottleCount: pesticideReceipts.bottleCount, bagCount: pesticideReceipts.bagCount, drumCount: pesticideReceipts.drumCount, weightKg: pesticideReceipts.weightKg, batchId: pesticideReceipts.batchId,
  recordedAt: pesticideReceipts.recordedAt,
};

export async function pageReceipts(db: Db, actor: Actor, f: { from?: string; to?: string }, page: number, pageSize: number) {
  const where = and(receiptScope(actor), between(sql`${pesticideReceipts.receivedOn}`, f));
  const [items, [{ total }]] = await Promise.all([
    db.select(receiptColumns).from(pesticideReceipts).where(where).orderBy(sql`${pesticideReceipts.receivedOn} DESC`, sql`${pesticideReceipts.recordedAt} DESC`, pesticideReceipts.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(pesticideReceipts).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** One receipt the actor may see, for its printed slip; null when it may not (or there is none). */
export async function receiptFor(db: Db, actor: Actor, id: string) {
  const [row] = await db.select(receiptColumns).from(pesticideReceipts).where(and(eq(pesticideReceipts.id, id), receiptScope(actor)));
  return row ?? null;
}

/** Verified dealers of the actor's county by name: what a station picks the dealer handing over from (no figures). */
export async function dealerChoices(db: Db, actor: Actor, q: string | undefined, page: number, pageSize: number) {
  const county = actor.role === 'platform_admin' ? '' : actor.regionCode.slice(0, 6);
  const where = and(sql`${organisations.capabilities} @> ARRAY['agri_dealer']::text[]`, eq(organisations.status, 'verified'), sql`${organisations.regionCode} LIKE ${`${county}%`}`,
    q ? sql`${organisations.name} LIKE ${containsPattern(q)}` : undefined);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations).where(where)
      .orderBy(sql`${organisations.regionCode} <> ${actor.regionCode}`, organisations.name, organisations.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** Dealers of the area (or the dealer itself) with their year's packages sold, taken back and handed over, by count. */
export async function pageDealers(db: Db, actor: Actor, year: number, page: number, pageSize: number) {
  const where = and(sql`${organisations.capabilities} @> ARRAY['agri_dealer']::text[]`, eq(organisations.status, 'verified'), dealerScope(actor, sql`${organisations.regionCode}`, sql`${organisations.id}`));
  const inYear = (column: string) => sql.raw(`${column} >= make_date(${Number(year)}, 1, 1) AND ${column} < make_date(${Number(year) + 1}, 1, 1)`);
  const [items, [{ total }]] = await Promise.all([
    db.select({
      id: organisations.id, name: organisations.name, regionCode: organisations.regionCode,
      sold: sql<number>`(SELECT coalesce(sum(s.package_count), 0)::int FROM pesticide_sales s WHERE s.dealer_id = ${organisations.id} AND ${inYear('s.sold_on')})`,
      productKg: sql<number>`(SELECT coalesce(sum(s.product_kg), 0)::float8 FROM pesticide_sales s WHERE s.dealer_id = ${organisations.id} AND ${inYear('s.sold_on')})`,
      returned: sql<number>`(SELECT coalesce(sum(r.bottle_count + r.bag_count + r.drum_count), 0)::int FROM pesticide_returns r WHERE r.dealer_id = ${organisations.id} AND ${inYear('r.returned_on')})`,
      handedOver: sql<number>`(SELECT coalesce(sum(p.bottle_count + p.bag_count + p.drum_count), 0)::int FROM pesticide_receipts p WHERE p.dealer_id = ${organisations.id} AND ${inYear('p.received_on')})`,
    }).from(organisations).where(where).orderBy(organisations.regionCode, organisations.name, organisations.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}

/**
 * 回收率 per town for a year: packages the dealers of the town sold (count, and the empty packaging's
 * weight) against packages its station received (from dealers and farmers). Counted at the station
 * only, so a package a dealer took back and then handed over counts once.
 */
export async function recoveryByTown(db: Db, actor: Actor, year: number) {
  if (actor.role !== 'platform_admin' && !isOfficial(actor)) throw forbidden('回收率由农业农村部门和“无废城市”办公室查看', 'The recovery rate is for the agriculture bureau and the zero-waste office');
  const area = actor.role === 'platform_admin' ? sql`true` : officialArea(actor, sql`t.town`);
  const rows = (await db.execute<{ town: string; name: string | null; sold: number; soldKg: number; received: number; receivedKg: number }>(sql`
    WITH s AS (SELECT region_code AS town, sum(package_count)::int AS n, sum(package_count * package_weight_g / 1000.0)::float8 AS kg FROM pesticide_sales
               WHERE sold_on >= make_date(${year}, 1, 1) AND sold_on < make_date(${year + 1}, 1, 1) GROUP BY 1),
         r AS (SELECT region_code AS town, sum(bottle_count + bag_count + drum_count)::int AS n, sum(weight_kg)::float8 AS kg FROM pesticide_receipts
               WHERE received_on >= make_date(${year}, 1, 1) AND received_on < make_date(${year + 1}, 1, 1) GROUP BY 1),
         t AS (SELECT town FROM s UNION SELECT town FROM r)
    SELECT t.town, rg.name, coalesce(s.n, 0) AS sold, coalesce(s.kg, 0) AS "soldKg", coalesce(r.n, 0) AS received, coalesce(r.kg, 0) AS "receivedKg"
    FROM t LEFT JOIN s ON s.town = t.town LEFT JOIN r ON r.town = t.town LEFT JOIN regions rg ON rg.code = t.town
    WHERE ${area} ORDER BY t.town LIMIT 200`)).rows;
  return rows;
}

type LoadRow = {
  id: string; number: string; status: string; plannedDate: string; stationId: string; stationName: string; receiverId: string; receiverName: string; managedAs: string | null;
  destinationKind: string | null; breaches: string[] | null; packageCount: number | null; declaredWeightT: number; receivedWeightT: number | null; treatmentMethod: string | null;
};

/** Loads of the stream the actor sees, with how each is managed; ecology sees those managed as hazardous waste in its area. */
export async function pageLoads(db: Db, actor: Actor, f: { managedAs?: 'exempt' | 'hazardous'; from?: string; to?: string }, page: number, pageSize: number) {
  const ecology = actor.role === 'regulator' && actor.domain === 'ecology';
  const visible = ecology
    ? sql`(m.data->>'managedAs' = 'hazardous' AND (m.region_code LIKE ${like(actor.regionCode)} OR m.receiver_region_code LIKE ${like(actor.regionCode)}))`
    : manifestVisibleSql(actor, 'm');
  if (!ecology && isOfficial(actor) && !regulatesStream(actor, PESTICIDE.key)) throw forbidden('农药包装废弃物由农业农村部门监管', 'Pesticide packaging is regulated by the agriculture bureau');
  const where = sql`m.stream = ${PESTICIDE.key} AND ${visible}
    ${f.managedAs ? sql`AND m.data->>'managedAs' = ${f.managedAs}` : sql``} ${f.from ? sql`AND m.planned_date >= ${f.from}` : sql``} ${f.to ? sql`AND m.planned_date <= ${f.to}` : sql``}`;
  const [rows, counted] = await Promise.all([
    db.execute<LoadRow>(sql`
      SELECT m.id, m.number, m.status, m.planned_date::text AS "plannedDate", m.producer_id AS "stationId", p.name AS "stationName", m.receiver_id AS "receiverId", r.name AS "receiverName",
        m.data->>'managedAs' AS "managedAs", m.data->>'destinationKind' AS "destinationKind", m.data->'exemptionBreaches' AS breaches,
        (m.data->>'packageCount')::int AS "packageCount", m.declared_weight_t::float8 AS "declaredWeightT", m.received_weight_t::float8 AS "receivedWeightT", m.data->>'treatmentMethod' AS "treatmentMethod"
      FROM ${manifests} m JOIN organisations p ON p.id = m.producer_id JOIN organisations r ON r.id = m.receiver_id
      WHERE ${where} ORDER BY m.planned_date DESC, m.number LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM ${manifests} m WHERE ${where}`),
  ]);
  return { items: rows.rows.map((r) => ({ ...r, breaches: r.breaches ?? [] })), total: counted.rows[0].total, page, pageSize };
}

