import { and, eq, sql, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { insertBatch, requireStreamCode, type LedgerOrganisation } from '../ledger/service';
import { badRequest, conflict, forbidden } from '../http/errors';
import { shanghaiDate } from '../../domain/labels';
import { applianceType, isScrapMetal, recyclableCategory } from '../../domain/recycling';
import { RECYCLABLES } from '../../domain/streams/recyclables';
import { EWASTE } from '../../domain/streams/ewaste';
import { isMedicalInstitution } from '../../domain/indicators/populations';
import { recyclingIntake, ewasteUnits } from './schema';

// A station's electronic ledger (电子统计台账, seed 004 三(五)): every intake, whoever records it (a
// booking's collector, the station's clerk, the sorting centre receiving a load), goes through here,
// so that each is a batch of the site's store in the same transaction, e-waste is kept unit by unit,
// and scrap metal is never bought without its seller on record.

type Ctx = AuditContext & { actor: Actor };

export interface UnitInput { applianceType: string; brand?: string; model?: string; serial?: string; weightKg: number }

export interface IntakeInput {
  receivedOn: string;
  category: string;
  weightKg: number;
  itemCount?: number;
  source: 'booking' | 'walk_in' | 'collector' | 'enterprise' | 'institution' | 'load';
  bookingId?: string;
  manifestId?: string;
  sellerOrgId?: string;
  sellerName?: string;
  sellerIdNo?: string;
  sellerAddress?: string;
  sellerCertificate?: string;
  /** 元/千克 for what is weighed, 元/件 for what is counted. */
  unitPriceYuan?: number;
  units?: UnitInput[];
  note?: string;
}

/** Noon of a past day in Asia/Shanghai, or now for today: when an intake entered the store. */
const enteredAt = (day: string) => (day === shanghaiDate(new Date()) ? new Date() : new Date(`${day}T12:00:00+08:00`));

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** Checks an intake against the rules that hold whoever records it; throws the first problem, naming its field. */
function checkIntake(input: IntakeInput) {
  const category = recyclableCategory(input.category);
  if (!category) throw badRequest('UNKNOWN_CATEGORY', `品类 ${input.category} 不在再生资源品类中`, `${input.category} is not a recyclables category`, 'category');
  if (input.receivedOn > shanghaiDate(new Date())) throw badRequest('FUTURE_DATE', '回收日期不能晚于今天', 'The date of intake cannot be after today', 'receivedOn');
  if (!(input.weightKg > 0)) throw badRequest('WEIGHT_REQUIRED', '请填写回收重量（千克）', 'Give the weight taken in (kg)', 'weightKg');
  if (input.unitPriceYuan !== undefined && input.unitPriceYuan < 0) throw badRequest('NEGATIVE_PRICE', '回收单价不能为负数', 'A price cannot be below zero', 'unitPriceYuan');
  if (category.value === 'ewaste') {
    const units = input.units ?? [];
    if (!units.length) throw badRequest('UNITS_REQUIRED', '废弃电器电子产品须逐台登记（类型、品牌、编号）', 'Appliances are recorded unit by unit (type, brand, serial)', 'units');
    if (input.itemCount !== undefined && input.itemCount !== units.length) throw badRequest('UNIT_COUNT_MISMATCH', `台数 ${input.itemCount} 与逐台登记的 ${units.length} 台不符`, `${input.itemCount} units declared, ${units.length} recorded`, 'itemCount');
    const seen = new Set<string>();
    units.forEach((u, i) => {
      if (!applianceType(u.applianceType)) throw badRequest('UNKNOWN_APPLIANCE', `第 ${i + 1} 台的电器类型 ${u.applianceType} 不在目录中`, `Unit ${i + 1}: ${u.applianceType} is not an appliance type`, `units.${i}.applianceType`);
      const serial = (u.serial ?? '').trim();
      const key = `${u.applianceType}|${(u.brand ?? '').trim().toLowerCase()}|${serial}`;
      if (serial && seen.has(key)) throw badRequest('SERIAL_REPEATED', `第 ${i + 1} 台的编号 ${serial} 在本次登记中重复`, `Unit ${i + 1}: serial ${serial} is given twice`, `units.${i}.serial`);
      seen.add(key);
    });
  } else if (input.units?.length) {
    throw badRequest('UNITS_NOT_EXPECTED', '只有废弃电器电子产品逐台登记', 'Only appliances are recorded unit by unit', 'units');
  }
  if (category.measure === 'piece' && category.value !== 'ewaste' && !(input.itemCount && input.itemCount > 0)) {
    throw badRequest('COUNT_REQUIRED', `${category.zh}按件计，请填写件数`, `${category.en} are counted: give the number of pieces`, 'itemCount');
  }
  // 《再生资源回收管理办法》 第十条: production scrap metal is bought with its seller on record.
  if (isScrapMetal(category.value) && input.source === 'enterprise' && !input.sellerOrgId && !(input.sellerName?.trim() && input.sellerCertificate?.trim())) {
    throw badRequest('SELLER_REQUIRED', '收购单位交售的生产性废旧金属，须登记出售单位及其开具的证明', 'Scrap metal bought from a company is recorded with the selling company and its certificate', 'sellerCertificate');
  }
  if (isScrapMetal(category.value) && input.source === 'collector' && !(input.sellerName?.trim() && input.sellerIdNo?.trim() && input.sellerAddress?.trim())) {
    const field = !input.sellerName?.trim() ? 'sellerName' : !input.sellerIdNo?.trim() ? 'sellerIdNo' : 'sellerAddress';
    throw badRequest('SELLER_REQUIRED', '个人交售废旧金属，须如实登记出售人姓名、住址和身份证号码', 'Scrap metal bought from a person is recorded with his name, address and identity number', field);
  }
  if (input.source === 'institution' && !input.sellerOrgId) throw badRequest('SELLER_REQUIRED', '请选择交出可回收物的医疗卫生机构', 'Choose the medical institution handing the recyclables over', 'sellerOrgId');
  // 规范医疗机构可回收物的回收 (seed 004 三(二)): a medical institution hands over only uncontaminated infusion bottles and bags.
  if (input.source === 'institution' && input.category !== 'plastic' && input.category !== 'glass') {
    throw badRequest('INSTITUTION_CATEGORY', '医疗卫生机构只交售未被污染的输液瓶（袋），品类为废塑料或废玻璃', 'A medical institution hands over only uncontaminated infusion bottles and bags: plastics or glass', 'category');
  }
  return category;
}

/**
 * Records an intake at a station or sorting centre, in the caller's transaction: the ledger line, its
 * batch in the site's store (the stream `ewaste` for appliances, `recyclables` otherwise) and, for
 * appliances, one unit each. A serial already collected is refused. The caller has authorised the
 * actor for the site (its own staff, or the collector of a booking the site's company dispatched).
 */
export async function recordIntake(tx: Queryable, ctx: Ctx, site: LedgerOrganisation, input: IntakeInput) {
  const category = checkIntake(input);
  if (!site.capabilities.some((c) => c === 'recycling_station' || c === 'sorting_centre')) {
    throw forbidden('该单位未登记为再生资源回收网点或分拣中心', 'This organisation is not registered as a recycling station or sorting centre');
  }
  const units = (input.units ?? []).map((u) => ({ applianceType: u.applianceType, brand: (u.brand ?? '').trim(), model: (u.model ?? '').trim(), serial: (u.serial ?? '').trim(), weightKg: u.weightKg }));
  if (units.length) await refuseCollectedSerials(tx, units);
  if (input.sellerOrgId) {
    const [seller] = await tx.select({ status: organisations.status, industry: organisations.industry }).from(organisations).where(eq(organisations.id, input.sellerOrgId));
    if (seller && input.source === 'institution' && !isMedicalInstitution(seller.industry)) {
      throw badRequest('NOT_A_MEDICAL_INSTITUTION', '交出单位不是医疗卫生机构', 'The seller is not a medical institution', 'sellerOrgId');
    }
    if (!seller || seller.status !== 'verified') throw badRequest('UNKNOWN_SELLER', '出售单位须为平台上已审核的单位', 'The seller must be a verified organisation on the platform', 'sellerOrgId');
  }
  const stream = category.value === 'ewaste' ? EWASTE : RECYCLABLES;
  const entry = await requireStreamCode(tx, stream.key, category.code, 'category');
  const itemCount = category.value === 'ewaste' ? units.length : input.itemCount ?? null;
  const { batch } = await insertBatch(tx, ctx, site, { code: entry.code, name: entry.name, catalogueName: entry.description || entry.name, category: entry.category, hazard: entry.hazard }, {
    stream: stream.key, wasteCode: entry.code, physicalForm: '固态', containerType: category.measure === 'piece' ? '整件' : '散装/打包', containerCount: 1,
    quantityT: round(input.weightKg / 1000, 4), storageFacility: site.capabilities.includes('sorting_centre') ? '分拣中心库房' : '回收网点暂存区', generatedAt: enteredAt(input.receivedOn), storeNow: true, arrived: input.source === 'load',
    attributes: category.value === 'ewaste' ? { unitCount: units.length } : itemCount !== null ? { itemCount } : {},
  }, input.source === 'load' ? '回收网点转运入场' : `回收：${category.zh}`);
  const amount = input.unitPriceYuan === undefined ? null : round(input.unitPriceYuan * (category.measure === 'piece' ? itemCount ?? 0 : input.weightKg), 2);
  const [row] = await tx.insert(recyclingIntake).values({
    regionCode: site.regionCode, siteId: site.id, receivedOn: input.receivedOn, category: category.value, wasteCode: category.code, weightKg: round(input.weightKg, 2), itemCount,
    source: input.source, bookingId: input.bookingId ?? null, manifestId: input.manifestId ?? null, sellerOrgId: input.sellerOrgId ?? null,
    sellerName: input.sellerName?.trim() ?? '', sellerIdNo: input.sellerIdNo?.trim() ?? '', sellerAddress: input.sellerAddress?.trim() ?? '', sellerCertificate: input.sellerCertificate?.trim() ?? '',
    unitPriceYuan: input.unitPriceYuan ?? null, amountYuan: amount, batchId: batch.id, note: input.note?.trim() ?? '', recordedBy: ctx.actor.userId!,
  }).returning();
  const written = units.length
    ? await tx.insert(ewasteUnits).values(units.map((u) => ({ ...u, regionCode: site.regionCode, intakeId: row.id, siteId: site.id, bookingId: input.bookingId ?? null }))).returning()
    : [];
  await recordAudit(tx, ctx, { action: 'recycling_intake.record', entityType: 'recycling_intake', entityId: row.id, regionCode: site.regionCode, organisationId: site.id, after: { ...row, units: written.map((u) => u.id) } });
  return { ...row, batchNo: batch.batchNo, units: written };
}

/** An appliance whose serial is already on record (collected, or dismantled) cannot be collected again. */
async function refuseCollectedSerials(tx: Queryable, units: { applianceType: string; brand: string; serial: string }[]) {
  const withSerial = units.map((u, i) => ({ ...u, i })).filter((u) => u.serial);
  if (!withSerial.length) return;
  const found = await tx.select({ applianceType: ewasteUnits.applianceType, brand: ewasteUnits.brand, serial: ewasteUnits.serial }).from(ewasteUnits)
    .where(and(inArray(ewasteUnits.serial, withSerial.map((u) => u.serial)), sql`${ewasteUnits.serial} <> ''`));
  for (const u of withSerial) {
    if (found.some((f) => f.applianceType === u.applianceType && f.brand.toLowerCase() === u.brand.toLowerCase() && f.serial === u.serial)) {
      throw conflict('SERIAL_COLLECTED', `编号为 ${u.serial} 的${applianceType(u.applianceType)?.zh ?? '电器'}已登记回收，不能重复登记`, `The ${applianceType(u.applianceType)?.en ?? 'appliance'} with serial ${u.serial} is already on record`, `units.${u.i}.serial`);
    }
  }
}
