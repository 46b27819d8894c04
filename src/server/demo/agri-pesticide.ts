import { inArray } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import type { Actor } from '../platform/policy';
import { writeNewFigures } from '../statistics/service';
import { createManifest, signManifest } from '../manifests/service';
import { pesticideSales, pesticideReturns, pesticideReceipts } from '../pesticide/schema';
import { ledgerMovements } from '../ledger/schema';
import { PESTICIDE } from '../../domain/streams/pesticide';
import { fertiliserSales } from '../farm-inputs/schema';
import { decideUtiliser, recordReceipt, recordReturn, recordSale } from '../pesticide/service';
import { pureNutrientKg } from '../../domain/agri/inputs';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { DEALERS, STATIONS, AGRI_RECEIVERS } from './agri-cast';
import { ENTERPRISES } from './linqing';
import { demoActors } from './actors';
import { TOWN_NAMES } from './towns';

// The demo's 农药包装废弃物 and farm-input use in 临清 (issue 16). The twenty dealers' books are kept
// month by month: pesticide sales by product (bottles of abamectin, foil sachets of imidacloprid,
// drums of glyphosate) and fertiliser sales (15-15-15 compound, urea) for the base year 2020, last
// year and this year; what they took back from farmers and handed to their town's station each month
// of the last two years, and what farmers brought to the stations themselves: about four in five
// packages come back. Use has fallen about 7 % (pesticides) and 4.5 % (fertilisers) since 2020.
// The last weeks go through the services: each station's latest receipt is a batch of its store; a
// dozen loads went to the designated film recycler, one to the household-waste incinerator, and one
// whose carrier declared no leak-proofing broke the exemption and went, as hazardous waste
// 900-003-04, to the licensed receiver. 松林镇's station (agstation.demo) still holds its batch;
// 丰源农资 (dealer.demo) sold deposit-coded bottles and took some back. 天桥区 and 济宁经开区 keep no
// dealers on the platform: their offices entered the statistics the formulas fall back to.

/** A pesticide product of the demo, as its label reads. */
const PRODUCTS = [
  { productName: '1.8%阿维菌素乳油', registrationNo: 'PD20080563', activeIngredient: '阿维菌素', contentPct: 1.8, packageType: 'bottle', packageMaterial: 'plastic', packageSize: '100毫升', kgEach: 0.1, packageWeightG: 25, perMonth: 2500 },
  { productName: '10%吡虫啉可湿性粉剂', registrationNo: 'PD20121534', activeIngredient: '吡虫啉', contentPct: 10, packageType: 'bag', packageMaterial: 'foil', packageSize: '15克', kgEach: 0.015, packageWeightG: 3, perMonth: 3000 },
  { productName: '41%草甘膦异丙胺盐水剂', registrationNo: 'PD20130987', activeIngredient: '草甘膦异丙胺盐', contentPct: 41, packageType: 'drum', packageMaterial: 'plastic', packageSize: '5升', kgEach: 5.5, packageWeightG: 250, perMonth: 500 },
] as const;

/** Spraying follows the season: little in winter, most from April to September. */
const SEASON = [0.3, 0.4, 0.8, 1.3, 1.5, 1.6, 1.6, 1.5, 1.2, 0.9, 0.5, 0.4];
/** Fertiliser: base dressing before the wheat in October and the maize in June, top dressing in March. */
const FERT_SEASON = [0.4, 0.6, 1.6, 1.1, 0.7, 1.8, 1.0, 0.6, 0.5, 1.9, 1.2, 0.6];
/** Use against 2020: pesticides fall about 7 %, fertilisers about 4.5 %. */
const PESTICIDE_TREND = (year: number) => (year === 2020 ? 1 : 0.93);
const FERTILISER_TREND = (year: number) => (year === 2020 ? 1 : 0.955);

const round = (n: number, places = 0) => Math.round(n * 10 ** places) / 10 ** places;
const day = (year: number, month: number, d: number) => `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** The months of a year that have begun by today, with the share of each that has gone by. */
function months(year: number, today: string) {
  const out: { month: number; share: number; lastDay: string }[] = [];
  for (let m = 0; m < 12; m++) {
    const first = day(year, m, 1), last = day(year, m, daysIn(year, m));
    if (first > today) break;
    out.push({ month: m, share: last <= today ? 1 : Number(today.slice(8, 10)) / daysIn(year, m), lastDay: last <= today ? day(year, m, 15) : today });
  }
  return out;
}

async function orgIds(db: Db, names: string[]) {
  const rows = await db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations).where(inArray(organisations.name, names));
  return new Map(rows.map((r) => [r.name, r]));
}

export async function seedPesticide(db: Db, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const today = shanghaiDate(now), current = shanghaiYear(now);
  const named = (key: string) => [...ENTERPRISES, ...AGRI_RECEIVERS].find((e) => e.key === key)!.name;
  const orgs = await orgIds(db, [...DEALERS.map((d) => d.name), ...STATIONS.map((s) => s.name), named('filmrecycler'), named('wte'), named('receiver'), named('transporter')]);
  const dealers = DEALERS.map((d, i) => ({ ...d, id: orgs.get(d.name)!.id, scale: 0.6 + ((i * 7) % 9) / 10, returnShare: 0.72 + ((i * 3) % 9) / 100 }));
  const stationOf = new Map(STATIONS.map((s) => [s.town, { ...s, id: orgs.get(s.name)!.id }]));
  const bureau = await as('agri.linqing');
  const recordedBy = bureau.actor.userId!;

  // The books, month by month: sales in all three years, take-backs and receipts in the last two.
  const sales: (typeof pesticideSales.$inferInsert)[] = [], fertiliser: (typeof fertiliserSales.$inferInsert)[] = [];
  const returns: (typeof pesticideReturns.$inferInsert)[] = [], receipts: (typeof pesticideReceipts.$inferInsert)[] = [];
  const receiptSerial = new Map<string, number>();
  const receiptNo = (stationId: string, on: string) => { const k = `${stationId}${on}`; const n = (receiptSerial.get(k) ?? 0) + 1; receiptSerial.set(k, n); return `SJ${on.replace(/-/g, '')}-${String(n).padStart(3, '0')}`; };
  for (const year of [2020, current - 1, current]) {
    for (const { month, share, lastDay } of months(year, today)) {
      const farmerBrought = new Map<string, { bottle: number; bag: number; drum: number }>();
      for (const d of dealers) {
        const sold = { bottle: 0, bag: 0, drum: 0 };
        for (const p of PRODUCTS) {
          const count = Math.max(1, round(p.perMonth * d.scale * SEASON[month] * PESTICIDE_TREND(year) * share));
          sold[p.packageType] = count;
          const { kgEach: _kg, perMonth: _n, ...product } = p;
          sales.push({ ...product, regionCode: d.town, dealerId: d.id, soldOn: lastDay, packageCount: count, productKg: round(count * p.kgEach, 3), depositYuan: null, recordedBy });
        }
        for (const [productName, registrationNo, n, p2o5, k2o, kg] of [['复合肥料（15-15-15）', '鲁农肥（2019）准字3856号', 15, 15, 15, 260_000], ['尿素', '', 46, 0, 0, 110_000]] as const) {
          const productKg = round(kg * d.scale * FERT_SEASON[month] * FERTILISER_TREND(year) * share, 2);
          fertiliser.push({ regionCode: d.town, dealerId: d.id, soldOn: lastDay, productName, registrationNo, nPct: n, p2o5Pct: p2o5, k2oPct: k2o, productKg, pureKg: pureNutrientKg(productKg, { nPct: n, p2o5Pct: p2o5, k2oPct: k2o }), recordedBy });
        }
        if (year === 2020 || share < 1) continue;
        // What came back to the shop, handed to the town's station at the month's end.
        const back = { bottle: round(sold.bottle * d.returnShare), bag: round(sold.bag * (d.returnShare - 0.04)), drum: round(sold.drum * (d.returnShare + 0.06)) };
        const weightKg = round((back.bottle * 25 + back.bag * 3 + back.drum * 250) * 1.04 / 1000, 2);
        const returnedOn = day(year, month, 20), handedOn = day(year, month, 25);
        returns.push({ regionCode: d.town, dealerId: d.id, returnedOn, returnedBy: '本月门店回收汇总', bottleCount: back.bottle, bagCount: back.bag, drumCount: back.drum, weightKg, refundYuan: 0, recordedBy });
        const station = stationOf.get(d.town)!;
        receipts.push({ regionCode: d.town, stationId: station.id, receiptNo: receiptNo(station.id, handedOn), receivedOn: handedOn, sourceKind: 'dealer', dealerId: d.id, farmerName: '',
          bottleCount: back.bottle, bagCount: back.bag, drumCount: back.drum, weightKg, batchId: null, recordedBy });
        const town = farmerBrought.get(d.town) ?? { bottle: 0, bag: 0, drum: 0 };
        farmerBrought.set(d.town, { bottle: town.bottle + sold.bottle * 0.06, bag: town.bag + sold.bag * 0.05, drum: town.drum + sold.drum * 0.05 });
      }
      // Farmers who brought their empties to the station themselves.
      for (const [town, c] of farmerBrought) {
        const station = stationOf.get(town)!, on = day(year, month, 26);
        const counts = { bottle: round(c.bottle), bag: round(c.bag), drum: round(c.drum) };
        receipts.push({ regionCode: town, stationId: station.id, receiptNo: receiptNo(station.id, on), receivedOn: on, sourceKind: 'farmer', farmerName: `${TOWN_NAMES[town]}农户（本月合计）`,
          bottleCount: counts.bottle, bagCount: counts.bag, drumCount: counts.drum, weightKg: round((counts.bottle * 25 + counts.bag * 3 + counts.drum * 250) * 1.04 / 1000, 2), batchId: null, recordedBy });
      }
    }
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < sales.length; i += 1000) await tx.insert(pesticideSales).values(sales.slice(i, i + 1000));
    for (let i = 0; i < fertiliser.length; i += 1000) await tx.insert(fertiliserSales).values(fertiliser.slice(i, i + 1000));
    for (let i = 0; i < returns.length; i += 1000) await tx.insert(pesticideReturns).values(returns.slice(i, i + 1000));
    for (let i = 0; i < receipts.length; i += 1000) await tx.insert(pesticideReceipts).values(receipts.slice(i, i + 1000));
    // The stations' ledgers of those months, as one movement a station a month: what came in (产生, the
    // station being the producer of the stream), handed on at the month's end outside the platform.
    const monthly = new Map<string, { regionCode: string; organisationId: string; t: number; on: string }>();
    for (const r of receipts) {
      const key = `${r.stationId}|${r.receivedOn.slice(0, 7)}`;
      const m = monthly.get(key) ?? { regionCode: r.regionCode, organisationId: r.stationId, t: 0, on: r.receivedOn };
      monthly.set(key, { ...m, t: m.t + Number(r.weightKg) / 1000, on: r.receivedOn > m.on ? r.receivedOn : m.on });
    }
    const movements = [...monthly.values()].filter((m) => m.t > 0).map((m) => ({
      regionCode: m.regionCode, organisationId: m.organisationId, kind: 'generate' as const, wasteCode: PESTICIDE.codeExample, quantityT: Math.round(m.t * 10_000) / 10_000,
      storeEffect: 0, at: new Date(`${m.on}T17:00:00+08:00`), note: '月度接收汇总（演示历史）', recordedBy,
    }));
    for (let i = 0; i < movements.length; i += 1000) await tx.insert(ledgerMovements).values(movements.slice(i, i + 1000));
  });

  // The bureau's register: the film recycler also utilises plastic pesticide packaging.
  const recycler = orgs.get(named('filmrecycler'))!;
  await decideUtiliser(db, bureau, { organisationId: recycler.id, action: 'designate', decisionNo: '临农发〔2023〕12号', note: '废旧农膜及塑料类农药包装废弃物资源化利用' });

  // The last weeks, through the services. A dealer or station without a login of its own acts as
  // dealer.demo or agstation.demo would, for its own organisation.
  const [dealerLogin, stationLogin, recyclerLogin, wteLogin, receiverLogin, transporterLogin] = await Promise.all(['dealer.demo', 'agstation.demo', 'filmrecycler.demo', 'wte.demo', 'receiver.demo', 'transporter.demo'].map(as));
  const actingFor = (base: { actor: Actor; actorLabel: string }, org: { id: string; regionCode: string }) => (org.id === base.actor.organisationId ? base : { ...base, actor: { ...base.actor, organisationId: org.id, regionCode: org.regionCode } });
  const recent = (daysAgo: number) => shanghaiDate(new Date(Math.max(now.getTime() - daysAgo * 86_400_000, Date.parse(`${current}-01-01T12:00:00+08:00`))));

  const songlinDealer = dealers.find((d) => d.key === 'dealer05')!;
  const codes = Array.from({ length: 6 }, (_, i) => `LQNY${current}${String(i + 1).padStart(4, '0')}`);
  await recordSale(db, dealerLogin, { ...PRODUCTS[0], soldOn: recent(12), packageCount: 6, productKg: 0.6, depositYuan: 1, packageCodes: codes });
  await recordReturn(db, dealerLogin, { returnedOn: recent(9), returnedBy: '松林镇前屯村 王大爷', bottleCount: 3, bagCount: 0, drumCount: 0, weightKg: 0.08, packageCodes: codes.slice(0, 3) });

  const batches = new Map<string, string>();
  for (const [i, station] of STATIONS.entries()) {
    const dealer = dealers.find((d) => d.town === station.town)!;
    const dealerCtx = actingFor(dealerLogin, { id: dealer.id, regionCode: dealer.town });
    const back = { bottleCount: 180 + i * 7, bagCount: 140 + i * 5, drumCount: 30 + i };
    const weightKg = round((back.bottleCount * 25 + back.bagCount * 3 + back.drumCount * 250) * 1.04 / 1000, 2);
    await recordReturn(db, dealerCtx, { returnedOn: recent(10), returnedBy: '门店回收汇总', ...back, weightKg });
    const stationCtx = actingFor(stationLogin, { id: stationOf.get(station.town)!.id, regionCode: station.town });
    const receipt = await recordReceipt(db, stationCtx, { receivedOn: recent(8), sourceKind: 'dealer', dealerId: dealer.id, ...back, weightKg });
    batches.set(station.key, receipt.batchId!);
  }
  if (!batches.has('agstation05') || songlinDealer.town !== STATIONS[4].town) throw new Error('the demo expects 松林镇 to be the fifth station');

  // Loads: a dozen to the recycler (which fetches them itself), one to the incinerator, one flagged.
  const wte = orgs.get(named('wte'))!, receiver = orgs.get(named('receiver'))!, transporter = orgs.get(named('transporter'))!;
  const ALL = ['leakproof', 'rainproof', 'spillproof'];
  const plan: { station: string; receiverId: string; transporterId: string; measures: string[]; signer: typeof recyclerLogin; carrier: typeof recyclerLogin; method: string }[] = [
    ...STATIONS.filter((s) => !['agstation05', 'agstation14', 'agstation15', 'agstation16'].includes(s.key)).map((s) => ({ station: s.key, receiverId: recycler.id, transporterId: recycler.id, measures: ALL, signer: recyclerLogin, carrier: recyclerLogin, method: 'recycling' })),
    { station: 'agstation14', receiverId: wte.id, transporterId: transporter.id, measures: ALL, signer: wteLogin, carrier: transporterLogin, method: 'energy' },
    { station: 'agstation15', receiverId: receiver.id, transporterId: transporter.id, measures: ['rainproof', 'spillproof'], signer: receiverLogin, carrier: transporterLogin, method: 'D10' },
  ];
  let loads = 0;
  for (const load of plan) {
    const station = STATIONS.find((s) => s.key === load.station)!;
    const ctx = actingFor(stationLogin, { id: stationOf.get(station.town)!.id, regionCode: station.town });
    const plannedDate = recent(5 - (loads % 4));
    const row = await createManifest(db, ctx, { batchIds: [batches.get(station.key)!], receiverId: load.receiverId, transporterIds: [load.transporterId], plannedDate, transportMeasures: load.measures } as never, 'pesticide');
    await signManifest(db, ctx, row.id, { action: 'sign_emission' });
    const weight = Number(row.declaredWeightT);
    await signManifest(db, load.carrier, row.id, { action: 'sign_transport', data: { vehiclePlate: load.carrier === recyclerLogin ? '鲁P3N615' : '鲁P3A721', pickupWeightT: weight } });
    await signManifest(db, load.signer, row.id, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: round(weight * 0.99, 4), treatmentMethod: load.method } });
    loads++;
  }

  // 天桥区 and 济宁经开区: the offices' statistics, the formulas' fallback where no dealer keeps books here.
  const [tianqiao, jnkfq] = await Promise.all([as('office.tianqiao'), as('office.jnkfq')]);
  const at = new Date(now.getTime() - 3 * 86_400_000);
  const figure = (regionCode: string, year: number, key: string, value: number, source: string) => ({ regionCode, year, key, value, source, note: '', evidence: [], at });
  const tq = (year: number) => `天桥区统计局 ${year}年${year === 2020 ? '统计年鉴' : year === current ? '统计快报（预计数）' : '统计快报'}`;
  await db.transaction(async (tx) => {
    await writeNewFigures(tx, tianqiao, [
      ...[2020, current - 1, current].flatMap((year) => {
        const n = year === 2020 ? 0 : year === current ? 2 : 1;
        return [
          figure('370105', year, 'pesticide_use_t', [96.4, 90.2, 88.1][n], tq(year)), figure('370105', year, 'fertiliser_use_pure_t', [8650, 8390, 8230][n], tq(year)),
          figure('370105', year, 'sown_area_grain', [131_000, 130_200, 129_800][n], tq(year)), figure('370105', year, 'sown_area_vegetables', [27_000, 26_900, 26_700][n], tq(year)),
        ];
      }),
      figure('370105', current - 1, 'pesticide_packages_sold', 405_000, tq(current - 1)), figure('370105', current - 1, 'pesticide_packages_recovered', 338_000, tq(current - 1)),
      figure('370105', current, 'pesticide_packages_sold', 412_000, tq(current)), figure('370105', current, 'pesticide_packages_recovered', 352_000, tq(current)),
    ]);
    const jn = (year: number) => `济宁经济技术开发区农业服务中心 ${year}年统计${year === current ? '（预计数）' : ''}`;
    await writeNewFigures(tx, jnkfq, [
      figure('370829', current - 1, 'pesticide_use_t', 209.8, jn(current - 1)), figure('370829', current - 1, 'fertiliser_use_pure_t', 5960, jn(current - 1)),
      figure('370829', current, 'pesticide_use_t', 205.5, jn(current)), figure('370829', current, 'fertiliser_use_pure_t', 5888, jn(current)),
    ]);
  });
  return `${DEALERS.length} dealers' books (${sales.length} pesticide and ${fertiliser.length} fertiliser sales, ${returns.length + DEALERS.length + 1} take-backs), ${receipts.length + STATIONS.length} station receipts, ${loads} loads (one managed as hazardous waste)`;
}
