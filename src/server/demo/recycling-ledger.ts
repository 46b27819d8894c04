import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { wasteBatches } from '../ledger/schema';
import { batchHeldSql } from '../ledger/service';
import { manifestBatches } from '../manifests/schema';
import { createManifest, signManifest } from '../manifests/service';
import { submitDeclaration } from '../declarations/service';
import { recordStationIntake, recordDismantling, type StationIntake } from '../recycling/service';
import { ewasteUnitEvents } from '../recycling/schema';
import { shanghaiDate } from '../../domain/labels';
import { RECYCLING_STATIONS } from './recycling-cast';
import { demoActors } from './actors';

// The year to date of 临清's six recycling stations and the county sorting centre (issue 17), written
// through the services as the demo users (each intake with its batch and audit row; each load a real
// manifest, so the stores never go below zero). Last month and this one week by week: each station's
// counter (residents' paper and cardboard most of all, then scrap iron from the mobile collectors with
// the seller on record, plastics, old clothes, a little copper and glass; a few appliances traced by
// unit), paper to the sorting centre every second week, the rest monthly; the months before, one line
// per category for the month's counter and the month's loads, which keeps the seed quick. Each month
// the hospitals and most health centres hand over infusion bottles and bags (the clinics, the dental
// practices and a few branch health centres do not yet: the rate is not 100 %), and a bearing factory sells production scrap with its certificate. The centre
// sells baled paper to 运河纸业 and scrap to 华安特钢 each month; appliances go to the licensed
// dismantler, which has dismantled most of them. Each month up to the last is declared, save last
// month at 凤凰城 and 松林镇.

const DAY = 86_400_000;
const COMPANY = '临清市再生资源回收利用有限公司';
const CENTRE = '临清市城市矿产分拣中心有限公司';
const PAPERMILL = '临清市运河纸业有限公司';
const STEELWORKS = '临清市华安特钢有限公司';
const DISMANTLER = '聊城市绿环电子废弃物处理有限公司';
const FACTORY = '临清市恒通轴承制造有限公司';

/** The clerk of each station (rrstation1's is rrstation.demo). */
const clerkOf = (key: string) => (key === 'rrstation1' ? 'rrstation.demo' : `${key}.demo`);

/** Medical institutions handing infusion bottles and bags to a station each month (station → institution names); the rest hand none over yet. */
const INSTITUTIONS: Record<string, string[]> = {
  rrstation1: ['临清市人民医院', '临清市第二人民医院', '临清市烟店镇中心卫生院', '临清市尚店镇卫生院'],
  rrstation2: ['临清市唐园镇卫生院', '临清市金郝庄镇卫生院', '临清市戴湾镇卫生院'],
  rrstation3: ['临清市新华路康宁综合门诊部', '临清市中医院', '临清市新华路街道社区卫生服务中心'],
  rrstation4: ['临清市刘垓子镇卫生院', '临清市先锋路街道社区卫生服务中心', '临清市八岔路镇卫生院', '临清市老赵庄镇卫生院'],
  rrstation5: ['临清市精神卫生中心', '临清市大辛庄街道社区卫生服务中心', '临清市第三人民医院', '临清市魏湾镇中心卫生院', '临清市潘庄镇卫生院'],
  rrstation6: ['临清市康庄镇卫生院', '临清市松林镇前杨分院', '临清市康庄镇尖冢分院'],
};

/** A station's week: kg by category, scaled by the station's size. */
const WEEK_KG = { paper: 2600, ferrous: 700, plastic: 560, textile: 380, nonferrous: 60, glass: 240 };
const SIZE: Record<string, number> = { rrstation1: 1.1, rrstation2: 0.8, rrstation3: 1.3, rrstation4: 0.9, rrstation5: 1.2, rrstation6: 0.6 };
const PRICE: Record<string, number> = { paper: 1.2, ferrous: 2.1, plastic: 1.5, textile: 0.6, nonferrous: 38, glass: 0.2 };
const COLLECTORS = [
  { sellerName: '孟庆华', sellerIdNo: '371581198203154318', sellerAddress: '临清市青年路街道大众小区3号楼' },
  { sellerName: '刘长海', sellerIdNo: '371581197711082611', sellerAddress: '临清市先锋路街道顺河小区12号' },
  { sellerName: '王秀梅', sellerIdNo: '37158119850620272X', sellerAddress: '临清市松林镇前杨村' },
];
const APPLIANCES = [
  { applianceType: 'tv', brands: ['海信', '创维', 'TCL'], kg: 18 }, { applianceType: 'fridge', brands: ['海尔', '美的', '容声'], kg: 55 },
  { applianceType: 'washer', brands: ['小天鹅', '海尔'], kg: 35 }, { applianceType: 'aircon', brands: ['格力', '美的'], kg: 45 }, { applianceType: 'computer', brands: ['联想', '戴尔'], kg: 10 },
];

/** A small deterministic generator: the demo is the same on every start. */
function random(seed: number) {
  let s = seed;
  return () => { s = (s * 1_103_515_245 + 12_345) % 2_147_483_648; return s / 2_147_483_648; };
}

export async function seedRecyclingLedger(db: Db, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const rnd = random(17);
  const today = shanghaiDate(now);
  const year = today.slice(0, 4);
  const names = [COMPANY, CENTRE, PAPERMILL, STEELWORKS, DISMANTLER, FACTORY, ...RECYCLING_STATIONS.map((s) => s.name), ...Object.values(INSTITUTIONS).flat()];
  const orgs = new Map((await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.name, names))).map((o) => [o.name, o.id]));
  const org = (name: string) => { const id = orgs.get(name); if (!id) throw new Error(`demo: ${name} is missing`); return id; };
  const company = org(COMPANY), centre = org(CENTRE);
  const day = (at: number) => shanghaiDate(new Date(at));
  const noon = (d: string) => new Date(`${d}T15:00:00+08:00`);
  let intakes = 0, loads = 0, serial = 0;

  const intake = async (username: string, input: StationIntake) => {
    await recordStationIntake(db, await as(username), input);
    intakes++;
  };
  /** What the site holds of a code on no open manifest, in truckloads of at most 25 t. */
  const truckloads = async (siteId: string, code: string) => {
    const batches = await db.select({ id: wasteBatches.id, heldT: batchHeldSql })
      .from(wasteBatches).where(and(eq(wasteBatches.organisationId, siteId), eq(wasteBatches.wasteCode, code), sql`${batchHeldSql} > 0`,
        sql`NOT EXISTS (SELECT 1 FROM ${manifestBatches} mb WHERE mb.batch_id = ${wasteBatches.id} AND NOT mb.released)`)).orderBy(wasteBatches.generatedAt);
    const trucks: string[][] = [];
    let sum = Infinity;
    for (const b of batches) {
      if (sum + b.heldT > 25) { trucks.push([]); sum = 0; }
      trucks.at(-1)!.push(b.id);
      sum += b.heldT;
    }
    return trucks;
  };
  /** Loads of everything the site holds of a code, each signed out, picked up by the company's truck and received the same day. */
  const load = async (stream: 'recyclables' | 'ewaste', sender: string, siteId: string, code: string, receiverId: string, receiverLogin: string, method: string, d: string, plate: string) => {
    const at = noon(d);
    const senderCtx = await as(sender);
    for (const batchIds of await truckloads(siteId, code)) {
      const row = await createManifest(db, senderCtx, { batchIds, receiverId, transporterIds: [company], plannedDate: d } as never, stream);
      await signManifest(db, senderCtx, row.id, { action: 'sign_emission', at });
      const weight = row.declaredWeightT;
      await signManifest(db, await as('recycler.demo'), row.id, { action: 'sign_transport', at: new Date(at.getTime() + 3_600_000), data: { vehiclePlate: plate, pickupWeightT: weight } });
      const received = Math.round(weight * (0.985 + rnd() * 0.02) * 10_000) / 10_000;
      await signManifest(db, await as(receiverLogin), row.id, {
        action: 'sign_reception', at: new Date(at.getTime() + 2 * 3_600_000),
        // A load that names its units (appliances) is received with their count.
        data: { receptionOutcome: 'accepted', receivedWeightT: received, treatmentMethod: method, ...(row.data.unitCount === undefined ? {} : { receivedUnitCount: Number(row.data.unitCount) }) },
      });
      loads++;
    }
  };

  const appliances = () => Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => {
    const a = APPLIANCES[Math.floor(rnd() * APPLIANCES.length)];
    serial++;
    return { applianceType: a.applianceType, brand: a.brands[serial % a.brands.length], serial: `LQ${year}${String(serial).padStart(5, '0')}`, weightKg: a.kg };
  });
  const institutions = async (clerk: string, on: string) => {
    for (const name of Object.entries(INSTITUTIONS).find(([k]) => clerkOf(k) === clerk)?.[1] ?? []) {
      const big = /人民医院|中医院/.test(name);
      await intake(clerk, { receivedOn: on, category: 'plastic', weightKg: big ? 420 + Math.round(rnd() * 80) : 35 + Math.round(rnd() * 20), source: 'institution', sellerOrgId: org(name), note: '未被污染的输液瓶（袋）' });
      if (big) await intake(clerk, { receivedOn: on, category: 'glass', weightKg: 160 + Math.round(rnd() * 40), source: 'institution', sellerOrgId: org(name), note: '未被污染的玻璃输液瓶' });
    }
  };
  const centreSells = async (on: string) => {
    await load('recyclables', 'sorting.demo', centre, 'RR04', org(PAPERMILL), 'papermill.demo', 'papermaking', on, '鲁P6R588');
    await load('recyclables', 'sorting.demo', centre, 'RR01', org(STEELWORKS), 'steelworks.demo', 'steelmaking', on, '鲁P6R588');
  };

  // The months before last, kept as each month's totals at the counter (entered on the 10th) and the
  // month's loads (on the 25th): paper monthly, scrap every second month, the rest each quarter.
  const weeklyFrom = new Date(`${shanghaiDate(new Date(new Date(`${today.slice(0, 7)}-01T00:00:00+08:00`).getTime() - DAY)).slice(0, 7)}-01T00:00:00+08:00`).getTime();
  for (let m = 1; `${year}-${String(m).padStart(2, '0')}-01` < day(weeklyFrom); m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    const on = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
    for (const station of RECYCLING_STATIONS) {
      const clerk = clerkOf(station.key), siteId = org(station.name), size = SIZE[station.key];
      const kg = (category: keyof typeof WEEK_KG) => Math.round(WEEK_KG[category] * 4.3 * size * (0.85 + rnd() * 0.3));
      const total = '（本月柜台合计）';
      await intake(clerk, { receivedOn: on(10), category: 'paper', weightKg: kg('paper'), source: 'walk_in', unitPriceYuan: PRICE.paper, note: `居民交售纸箱、书报${total}` });
      await intake(clerk, { receivedOn: on(10), category: 'ferrous', weightKg: kg('ferrous'), source: 'collector', unitPriceYuan: PRICE.ferrous, ...COLLECTORS[m % COLLECTORS.length], note: total });
      await intake(clerk, { receivedOn: on(10), category: 'plastic', weightKg: kg('plastic'), source: 'walk_in', unitPriceYuan: PRICE.plastic, note: total });
      await intake(clerk, { receivedOn: on(10), category: 'textile', weightKg: kg('textile'), source: 'walk_in', unitPriceYuan: PRICE.textile, note: `旧衣回收箱清运${total}` });
      await intake(clerk, { receivedOn: on(10), category: 'nonferrous', weightKg: kg('nonferrous'), source: 'collector', unitPriceYuan: PRICE.nonferrous, ...COLLECTORS[(m + 1) % COLLECTORS.length], note: total });
      const units = [...appliances(), ...appliances()];
      await intake(clerk, { receivedOn: on(12), category: 'ewaste', weightKg: units.reduce((n, u) => n + u.weightKg, 0), source: 'walk_in', units, unitPriceYuan: 30 });
      if (station.key === 'rrstation4') await intake(clerk, { receivedOn: on(14), category: 'ferrous', weightKg: 3200 + Math.round(rnd() * 1500), source: 'enterprise', sellerOrgId: org(FACTORY), sellerCertificate: `恒通废料证明〔${year}〕${m}号`, unitPriceYuan: 2.3, note: '轴承车削废料' });
      await institutions(clerk, on(20));
      const plate = `鲁P${['6R501', '6R502', '6R503'][m % 3]}`;
      await load('recyclables', clerk, siteId, 'RR04', centre, 'sorting.demo', 'sorting', on(25), plate);
      if (m % 2 === 0) await load('recyclables', clerk, siteId, 'RR01', centre, 'sorting.demo', 'sorting', on(25), plate);
      if (m % 3 === 0) for (const code of ['RR03', 'RR08', 'RR02', 'RR09']) await load('recyclables', clerk, siteId, code, centre, 'sorting.demo', 'sorting', on(25), plate);
      if (m % 2 === 0) await load('ewaste', clerk, siteId, 'RR06', org(DISMANTLER), 'dismantler.demo', 'dismantling', on(25), plate);
    }
    await centreSells(on(28));
  }

  // Last month and this one week by week: the counter Monday to Saturday, loads on Saturday.
  const firstMonday = weeklyFrom + (((8 - new Date(weeklyFrom + 8 * 3_600_000).getUTCDay()) % 7) * DAY);
  for (let week = 0, monday = firstMonday; day(monday) <= today; week++, monday += 7 * DAY) {
    const month = day(monday).slice(0, 7);
    for (const station of RECYCLING_STATIONS) {
      const clerk = clerkOf(station.key), siteId = org(station.name), size = SIZE[station.key];
      const at = (offset: number) => day(monday + offset * DAY);
      const kg = (category: keyof typeof WEEK_KG) => Math.round(WEEK_KG[category] * size * (0.8 + rnd() * 0.4));
      const on = (offset: number) => at(offset) <= today;
      if (on(0)) await intake(clerk, { receivedOn: at(0), category: 'paper', weightKg: kg('paper'), source: 'walk_in', unitPriceYuan: PRICE.paper, note: '居民交售纸箱、书报（本周合计）' });
      if (on(1)) await intake(clerk, { receivedOn: at(1), category: 'ferrous', weightKg: kg('ferrous'), source: 'collector', unitPriceYuan: PRICE.ferrous, ...COLLECTORS[week % COLLECTORS.length] });
      if (on(2)) await intake(clerk, { receivedOn: at(2), category: 'plastic', weightKg: kg('plastic'), source: 'walk_in', unitPriceYuan: PRICE.plastic });
      if (on(3)) await intake(clerk, { receivedOn: at(3), category: 'textile', weightKg: kg('textile'), source: 'walk_in', unitPriceYuan: PRICE.textile, note: '旧衣回收箱清运' });
      if (week % 2 === 0 && on(4)) await intake(clerk, { receivedOn: at(4), category: 'nonferrous', weightKg: kg('nonferrous'), source: 'collector', unitPriceYuan: PRICE.nonferrous, ...COLLECTORS[(week + 1) % COLLECTORS.length] });
      if (week % 4 === 1 && on(4)) await intake(clerk, { receivedOn: at(4), category: 'glass', weightKg: kg('glass') * 2, source: 'walk_in', unitPriceYuan: PRICE.glass });
      if (week % 2 === 1 && on(5)) {
        const units = appliances();
        await intake(clerk, { receivedOn: at(5), category: 'ewaste', weightKg: units.reduce((n, u) => n + u.weightKg, 0), source: 'walk_in', units, unitPriceYuan: 30 });
      }
      // Production scrap of the bearing factory, with the certificate it issued (第十条), at 先锋路 each month.
      if (station.key === 'rrstation4' && week % 4 === 2 && on(2)) {
        await intake(clerk, { receivedOn: at(2), category: 'ferrous', weightKg: 3200 + Math.round(rnd() * 1500), source: 'enterprise', sellerOrgId: org(FACTORY), sellerCertificate: `恒通废料证明〔${year}〕${week}号`, unitPriceYuan: 2.3, note: '轴承车削废料' });
      }
      // Uncontaminated infusion bottles and bags, handed over monthly by the medical institutions this station serves.
      if (week % 4 === 3 && on(4)) await institutions(clerk, at(4));
      // Saturday: paper every second week, the rest monthly, to the sorting centre; appliances every eighth week to the dismantler.
      const saturday = at(5);
      if (saturday > today) continue;
      const plate = `鲁P${['6R501', '6R502', '6R503'][week % 3]}`;
      if (week % 2 === 1) await load('recyclables', clerk, siteId, 'RR04', centre, 'sorting.demo', 'sorting', saturday, plate);
      if (week % 4 === 3) for (const code of ['RR01', 'RR03', 'RR08', 'RR02', 'RR09']) await load('recyclables', clerk, siteId, code, centre, 'sorting.demo', 'sorting', saturday, plate);
      if (week % 4 === 3) await load('ewaste', clerk, siteId, 'RR06', org(DISMANTLER), 'dismantler.demo', 'dismantling', saturday, plate);
    }
    // The sorting centre sells what it baled at each month's end: paper to the mill, scrap to the steel works.
    const nextMonth = day(monday + 7 * DAY).slice(0, 7);
    if (nextMonth !== month && day(monday + 6 * DAY) <= today) await centreSells(day(monday + 6 * DAY));
  }

  // The dismantler has taken apart what it received more than a fortnight ago, save one unit in ten.
  const dismantler = await as('dismantler.demo');
  const received = await db.select({ unitId: ewasteUnitEvents.unitId, happenedOn: ewasteUnitEvents.happenedOn }).from(ewasteUnitEvents)
    .where(and(eq(ewasteUnitEvents.kind, 'received'), sql`${ewasteUnitEvents.happenedOn} < ${day(now.getTime() - 14 * DAY)}::date`)).orderBy(ewasteUnitEvents.happenedOn);
  let dismantled = 0;
  for (const [i, r] of received.entries()) {
    if (i % 10 === 9) continue;
    const on = day(new Date(`${r.happenedOn}T12:00:00+08:00`).getTime() + (3 + (i % 6)) * DAY);
    await recordDismantling(db, dismantler, { unitId: r.unitId, dismantledOn: on, line: i % 2 ? '冰箱空调拆解线' : '电视电脑拆解线', outputs: i % 3 === 0 ? '压缩机 1 台、铜 1.8 kg、塑料 6 kg' : '' });
    dismantled++;
  }

  // Each month up to the last is declared within its days (10 by default), save last month at 凤凰城 and 松林镇.
  const declarants = [...RECYCLING_STATIONS.map((s) => ({ key: s.key, login: clerkOf(s.key) })), { key: 'sorting', login: 'sorting.demo' }];
  const thisMonth = today.slice(0, 7);
  let declared = 0;
  for (let m = 1; m <= 12; m++) {
    const period = `${year}-${String(m).padStart(2, '0')}`;
    if (period >= thisMonth) break;
    // Filed on the 4th of the next month at 09:00 (or now, if that has not come yet): after the month, before it closes.
    const next = m === 12 ? `${Number(year) + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
    const filed = new Date(Math.min(new Date(`${next}-04T09:00:00+08:00`).getTime(), now.getTime()));
    const isLast = next === thisMonth;
    for (const d of declarants) {
      if (isLast && (d.key === 'rrstation5' || d.key === 'rrstation6')) continue;
      await submitDeclaration(db, await as(d.login), 'month', period, '', 'recyclables', filed);
      declared++;
    }
  }
  return `${intakes} ledger lines, ${loads} loads, ${dismantled} units dismantled, ${declared} monthly declarations`;
}
