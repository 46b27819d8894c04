import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';
import { users } from '../platform/accounts/schema';
import { declarations } from '../declarations/schema';
import { requireStreamCode } from '../ledger/service';
import { submitDeclaration } from '../declarations/service';
import { COLLECTION_METHOD } from '../../domain/streams/vocabularies';
import { demoMethodCode } from './methods';
import { demoActors } from './actors';
import { HistoryWriter, type HistoryBatch, type Organisation } from './history';
import { historyRecorder, serviceRecorder, type Recorder } from './recorder';
import { MEDICAL_INSTITUTIONS } from './linqing';
import { addDays, at, demoCalendar, liveMoment, randomFrom, round, weekday, type DemoMonth } from './calendar';

// The demo's year of hazardous and general industrial waste in 临清, month by month:
// - 危险废物: the bearing works, the chemical plant, the garage and the paper mill record what they
//   generate each week; twice a month 安运 collects what is in store for 绿源环保 (waste oil re-refined
//   R9, solvents recovered R2, rags and paint burnt D10, plating sludge landfilled D1). 金泰化工
//   recovers part of its solvent itself, 恒通轴承 part of its oil. 烟店轴承产业园's surface-treatment
//   centre sends its press-cake sludge (HW17) to 绿源's landfill cell every working day: some 10,400 t a
//   year, about a tenth under the 11,766.86 t of 2020 (indicator 24).
// - 医疗废物: 人民医院 sends its infectious waste twice a week straight to the disposal centre; the
//   other 38 institutions are stops of the collector's three weekly rounds (公交式收运), whose store
//   goes on to the disposal centre the same afternoon.
// - 一般工业固体废物 (some 20,000 t a year, the county's scale in its plan: 5,439 t stored or disposed
//   of in 2020): 华能热电's fly ash, slag and gypsum each week, to the brick works and the cement
//   works or its own ash yard; the foundry's slag and sand, the paper mill's and the mill's residues
//   monthly; each month declared on the platform after it ends, but for the month just ended, which
//   华能热电 has yet to declare (its window is open), and 泉林纸业, which has not declared on the platform at
//   all (the regulator's registration rate for 造纸 shows it).
// Volumes follow the seasons (the Spring Festival dip, the heating season at the power plant) and a
// trend: utilisation of industrial waste rises from about 68 % to 74 % over the year, just short of
// the plan's 75 %. Everything before the last two weeks is written by the history writer; the last
// two weeks go through the services, so that today a load is on the road and another waits for its truck.

const SEASON_INDUSTRY = [0.92, 0.78, 1.0, 1.04, 1.05, 1.02, 0.98, 1.0, 1.04, 1.06, 1.05, 1.0];
const SEASON_POWER = [1.22, 1.12, 1.0, 0.88, 0.86, 0.95, 1.08, 1.12, 0.94, 0.9, 1.02, 1.18];
const season = (table: number[], m: DemoMonth) => table[m.month - 1];

interface HazardousCode { code: string; monthlyT: number; form: string; container: string; volumeL: number; perContainerT: number; method: string; selfUtilise?: { share: number; method: string } }
/** A producer records its batches weekly on `weekday` and is collected on `transferDay` and a fortnight before; a daily one records `daily` batches a working day and is collected the next. */
interface HazardousProducer { user: string; weekday: number; transferDay: number; daily?: number; codes: HazardousCode[] }

const DRUM = { container: '200L钢桶', volumeL: 200, perContainerT: 0.17 };
const BAG = { container: '吨袋', volumeL: 1000, perContainerT: 0.35 };
const PRODUCERS: HazardousProducer[] = [
  { user: 'producer.demo', weekday: 5, transferDay: 24, codes: [
    { code: '900-249-08', monthlyT: 4.2, form: '液态', ...DRUM, method: 'R9', selfUtilise: { share: 0.2, method: 'R9' } },
    { code: '900-041-49', monthlyT: 0.7, form: '固态', ...BAG, method: 'D10' }] },
  { user: 'luxin.demo', weekday: 4, transferDay: 22, codes: [
    { code: '900-249-08', monthlyT: 2.8, form: '液态', ...DRUM, method: 'R9' },
    { code: '336-064-17', monthlyT: 1.9, form: '半固态', ...BAG, method: 'D1' }] },
  { user: 'hongda.demo', weekday: 5, transferDay: 26, codes: [
    { code: '900-249-08', monthlyT: 5.1, form: '液态', ...DRUM, method: 'R9' },
    { code: '900-041-49', monthlyT: 0.8, form: '固态', ...BAG, method: 'D10' },
    { code: '336-064-17', monthlyT: 1.2, form: '半固态', ...BAG, method: 'D1' }] },
  { user: 'jintai.demo', weekday: 3, transferDay: 20, codes: [
    { code: '900-402-06', monthlyT: 6.4, form: '液态', ...DRUM, method: 'R2', selfUtilise: { share: 0.4, method: 'R2' } },
    { code: '900-039-49', monthlyT: 0.9, form: '固态', ...BAG, method: 'D10' }] },
  { user: 'shunda.demo', weekday: 6, transferDay: 25, codes: [
    { code: '900-214-08', monthlyT: 0.6, form: '液态', ...DRUM, method: 'R9' }] },
  { user: 'quanlin.demo', weekday: 2, transferDay: 23, codes: [
    { code: '900-252-12', monthlyT: 0.5, form: '半固态', ...DRUM, method: 'D10' }] },
  { user: 'lab.demo', weekday: 1, transferDay: 27, codes: [
    { code: '900-041-49', monthlyT: 0.15, form: '固态', ...BAG, method: 'D10' }] },
  // The park's surface-treatment centre: some 870 t of dewatered sludge a month, three bags of a shift's
  // press cake a working day, collected each morning for 绿源's landfill cell (about a tenth under 2020's tonnage).
  { user: 'plating.demo', weekday: 1, transferDay: 1, daily: 3, codes: [
    { code: '336-064-17', monthlyT: 870, form: '半固态（含水率约60%）', container: '吨袋（压滤泥饼）', volumeL: 1000, perContainerT: 1.1, method: 'D1' }] },
];
const HAZARDOUS_CARRIER = { user: 'transporter.demo', driver: 'driver.demo', receiver: 'receiver.demo' };
const DG = { dangerousGoodsClass: '第9类 杂项危险物质 UN3082', emergencyMeasures: '泄漏时以沙土围堵吸附，收集至备用桶，报告生态环境部门' };

const MEDICAL = '841-001-01';
const MEDICAL_DG = { dangerousGoodsClass: '第6.2类 感染性物质 UN3291', emergencyMeasures: '破损包装立即以双层黄色医疗废物袋封装，撒布含氯消毒剂，报告卫生健康部门' };
const CLINICS = [{ user: 'clinic.kangzhuang', weeklyT: 0.062 }, { user: 'clinic.songlin', weeklyT: 0.041 }, { user: 'clinic.qingnian', weeklyT: 0.028 }];
/** The collector's weekly rounds: the first clinics' on Wednesday, the other institutions east of 115.72°E on Monday, west of it on Thursday. */
const EAST = 115.72;
const ROUNDS = [
  { weekday: 3, stops: CLINICS },
  { weekday: 1, stops: MEDICAL_INSTITUTIONS.filter((m) => m.at[0] >= EAST).map((m) => ({ user: `yy.${m.key}`, weeklyT: m.weeklyT })) },
  { weekday: 4, stops: MEDICAL_INSTITUTIONS.filter((m) => m.at[0] < EAST).map((m) => ({ user: `yy.${m.key}`, weeklyT: m.weeklyT })) },
];
const HOSPITAL = { user: 'hospital.demo', perRunT: 0.95 };

/** One class of a producer's general industrial waste, split by where each part goes. */
interface IndustrialFlow { code: string; name: string; periodT: number; form: string; parts: { share: number; to: 'ashuse' | 'cement' | 'sorting' | 'recycler' | 'yard' | 'store' | 'self'; label: string; method: string }[] }
interface IndustrialProducer { user: string; every: 'week' | 'month'; season: number[]; flows: IndustrialFlow[] }
// The share utilised grows by `trend` over the year (better hand-overs to the brick and cement works).
const INDUSTRIAL: IndustrialProducer[] = [
  { user: 'power.demo', every: 'week', season: SEASON_POWER, flows: [
    { code: 'SW02', name: '粉煤灰', periodT: 170, form: '固态（干灰）', parts: [
      { share: 0.36, to: 'ashuse', label: '粉煤灰（供新型墙材）', method: '蒸压粉煤灰砖' }, { share: 0.36, to: 'cement', label: '粉煤灰（供水泥厂）', method: '水泥混合材' },
      { share: 0.28, to: 'yard', label: '粉煤灰（入贮灰场）', method: '贮灰场分区堆存' }] },
    { code: 'SW03', name: '炉渣', periodT: 45, form: '固态', parts: [
      { share: 0.58, to: 'ashuse', label: '炉渣（供新型墙材）', method: '空心砌块骨料' }, { share: 0.42, to: 'yard', label: '炉渣（入贮灰场）', method: '贮灰场分区堆存' }] },
    { code: 'SW06', name: '脱硫石膏', periodT: 54, form: '固态（含水约10%）', parts: [
      { share: 0.78, to: 'cement', label: '脱硫石膏（供水泥厂）', method: '水泥缓凝剂' }, { share: 0.22, to: 'yard', label: '脱硫石膏（入贮灰场）', method: '贮灰场分区堆存' }] },
  ] },
  { user: 'foundry.demo', every: 'month', season: SEASON_INDUSTRY, flows: [
    { code: 'SW01', name: '铸造熔炼炉渣', periodT: 120, form: '固态', parts: [
      { share: 0.66, to: 'ashuse', label: '熔炼炉渣（供新型墙材）', method: '制砖骨料' }, { share: 0.34, to: 'yard', label: '熔炼炉渣（厂内渣场）', method: '渣场堆存' }] },
    { code: 'SW59', name: '废铸造砂', periodT: 40, form: '固态', parts: [{ share: 1, to: 'store', label: '废铸造砂', method: '' }] },
  ] },
  { user: 'quanlin.demo', every: 'month', season: SEASON_INDUSTRY, flows: [
    { code: 'SW15', name: '造纸废渣（浆渣、废纸渣）', periodT: 300, form: '固态', parts: [
      { share: 0.7, to: 'self', label: '浆渣（自备锅炉掺烧）', method: '自备锅炉掺烧发电' }, { share: 0.3, to: 'sorting', label: '废纸渣（外送分拣）', method: '分拣再生' }] },
  ] },
  { user: 'textile.demo', every: 'month', season: SEASON_INDUSTRY, flows: [
    { code: 'SW14', name: '纺织边角料、废纱', periodT: 40, form: '固态', parts: [{ share: 1, to: 'recycler', label: '纺织边角料', method: '再生纤维' }] },
  ] },
];
const INDUSTRIAL_RECEIVERS = { ashuse: '临清市建材新型墙材有限公司', cement: '临清市鲁西水泥有限公司', sorting: '临清市城市矿产分拣中心有限公司', recycler: '临清市再生资源回收利用有限公司' } as const;
/** How much more of what went to the yard is utilised by the end of the year than at its start (of the utilised parts' share). */
const UTILISATION_TREND = 0.09;

type Ctx = Awaited<ReturnType<ReturnType<typeof demoActors>>>;

/** What the stories share: the demo's parties, loaded once. */
async function cast(db: Db) {
  const ctxOf = demoActors(db);
  const orgById = async (id: string) => (await db.select().from(organisations).where(eq(organisations.id, id)))[0];
  const orgByName = async (name: string) => (await db.select().from(organisations).where(eq(organisations.name, name)))[0];
  const party = async (username: string) => { const ctx = await ctxOf(username); return { ctx, org: await orgById(ctx.actor.organisationId!) }; };
  const truckOf = async (organisationId: string) => {
    const [vehicle] = await db.select().from(vehicles).where(eq(vehicles.organisationId, organisationId)).orderBy(asc(vehicles.loadT));
    const [driver] = await db.select().from(drivers).where(eq(drivers.organisationId, organisationId)).orderBy(sql`${drivers.userId} IS NULL`);
    return { vehicle, driver };
  };
  const entries = new Map<string, { catalogueName: string; name: string; category: string; hazard: string[] }>();
  const entry = async (stream: string, code: string) => {
    if (!entries.has(code)) {
      const e = await requireStreamCode(db, stream, code);
      entries.set(code, { name: e.name, catalogueName: e.description || e.name, category: e.category, hazard: e.hazard ?? [] });
    }
    return entries.get(code)!;
  };
  const carrier = await party(HAZARDOUS_CARRIER.user), hazardousReceiver = await party(HAZARDOUS_CARRIER.receiver);
  const medwaste = await party('medwaste.demo'), collector = await party('collector.demo');
  return {
    ctxOf, party, entry, carrier, hazardousReceiver, medwaste, collector,
    driver: await ctxOf(HAZARDOUS_CARRIER.driver), medDriver: await ctxOf('driver.med'),
    hazardousTrucks: await db.select().from(vehicles).where(eq(vehicles.organisationId, carrier.org.id)).orderBy(asc(vehicles.loadT)),
    hazardousDriver: (await db.select().from(drivers).where(eq(drivers.userId, (await ctxOf(HAZARDOUS_CARRIER.driver)).actor.userId!)))[0],
    medTruck: await truckOf(medwaste.org.id), roundTruck: await truckOf(collector.org.id),
    producers: await Promise.all(PRODUCERS.map(async (p) => ({ ...p, ...(await party(p.user)) }))),
    hospital: await party(HOSPITAL.user),
    rounds: await Promise.all(ROUNDS.map(async (r) => ({ weekday: r.weekday, stops: await Promise.all(r.stops.map(async (c) => ({ ...c, ...(await party(c.user)) }))) }))),
    industrial: await Promise.all(INDUSTRIAL.map(async (p) => ({ ...p, ...(await party(p.user)) }))),
    receivers: Object.fromEntries(await Promise.all(Object.entries(INDUSTRIAL_RECEIVERS).map(async ([k, name]) => {
      const org = await orgByName(name);
      const [login] = await db.select({ username: users.username }).from(users).where(eq(users.organisationId, org.id)).limit(1);
      return [k, { org, ctx: await ctxOf(login.username) }];
    }))) as Record<keyof typeof INDUSTRIAL_RECEIVERS, { org: Organisation; ctx: Ctx }>,
  };
}
type Cast = Awaited<ReturnType<typeof cast>>;

interface Story {
  rec: Recorder; days: string[]; cal: ReturnType<typeof demoCalendar>; c: Cast; noise: (spread: number) => number;
  /** In the live week, now: a day's collection today has happened by the time the demo starts (times moved to just before now). */
  now?: Date;
}
const monthFactor = (m: DemoMonth) => m.index / 11;

/** 危险废物 of the factories: weekly batches, part recovered in-house, collected twice a month by 安运 for 绿源. */
async function hazardousStory({ rec, days, cal, c, noise, now }: Story) {
  const { carrier, driver, hazardousReceiver: receiver, hazardousTrucks: trucks, hazardousDriver } = c;
  for (const p of c.producers) {
    // A week's share of a month's tonnage, or a working day's (six days a week).
    const perRecord = p.daily ? 12 / 312 / p.daily : 12 / 52;
    for (const day of days) {
      const month = cal.monthOf(day);
      if (p.daily ? weekday(day) !== 0 : weekday(day) === p.weekday) {
        for (const code of p.codes) {
          const e = await c.entry('hazardous', code.code);
          for (let shift = 0; shift < (p.daily ?? 1); shift++) {
            const t = round(code.monthlyT * perRecord * season(SEASON_INDUSTRY, month) * (0.94 + 0.1 * monthFactor(month)) * noise(0.12), 3);
            const batch = await rec.batch(p.ctx, p.org, { stream: 'hazardous', wasteCode: code.code, catalogueName: e.catalogueName, internalName: e.name, category: e.category, hazard: e.hazard, physicalForm: code.form,
              containerType: code.container, containerVolumeL: code.volumeL, containerCount: Math.max(1, Math.ceil(t / code.perContainerT)), quantityT: t, storageFacility: '危险废物贮存库', generatedAt: at(day, 14 + shift), storeNow: true });
            if (batch && code.selfUtilise) await rec.movement(p.ctx, batch, { kind: 'self_utilise', quantityT: round(t * code.selfUtilise.share, 3), at: at(day, 17), treatmentMethod: code.selfUtilise.method, note: '厂内回收装置' });
          }
        }
      }
      // Collected twice a month (贮存不超过一年, but the factories keep their stores small), a daily producer every working day.
      const date = Number(day.slice(8));
      // This morning every factory has its store collected as the demo starts, so what is in store is today's.
      const today = now && day === cal.today;
      const due = p.daily ? weekday(day) !== 0 : date === p.transferDay || date === p.transferDay - 14;
      if (!due && !today) continue;
      const when = (hour: number) => (today ? liveMoment(now, day, hour) : at(day, hour));
      for (const code of p.codes) {
        const waiting = (await rec.heldBatches(p.org.id, code.code)).filter((b) => b.generatedAt < when(8));
        // One truck per load, the smallest that takes it; what the largest cannot take goes on a second.
        const loads: { batches: HistoryBatch[]; t: number }[] = [];
        for (const b of waiting) {
          const t = await rec.inStore(b);
          const last = loads[loads.length - 1];
          if (last && last.t + t <= trucks[trucks.length - 1].loadT) { last.batches.push(b); last.t += t; } else loads.push({ batches: [b], t });
        }
        for (const [n, load] of loads.entries()) {
          const vehicle = trucks.find((v) => v.loadT >= load.t)!;
          const start = 8 + n * 3;
          const m = await rec.manifest(p.ctx, 'hazardous', p.org, { batchIds: load.batches.map((b) => b.id), receiverId: receiver.org.id, transporterIds: [carrier.org.id], vehicleId: vehicle.id, driverId: hazardousDriver.id, plannedDate: day, ...DG },
            { receiver: receiver.org, transporterIds: [carrier.org.id], vehicle, driver: hazardousDriver }, when(start), { batches: load.batches });
          await rec.sign(p.ctx, m, 'sign_emission', when(start + 0.5));
          const pickupWeightT = round(load.t * noise(0.004), 3);
          await rec.sign(driver, m, 'sign_transport', when(start + 1), { pickupWeightT, origin: p.org.address, destination: receiver.org.address });
          await rec.sign(receiver.ctx, m, 'sign_reception', when(start + 2.5), { receptionOutcome: 'accepted', receivedWeightT: round(pickupWeightT * noise(0.01), 3), treatmentMethod: code.method });
        }
      }
    }
  }
}

/** 医疗废物: the hospital twice a week straight to the disposal centre; the clinics on the collector's weekly round. */
async function medicalStory({ rec, days, cal, c, noise }: Story) {
  const { medwaste, collector, medTruck, roundTruck, hospital, medDriver } = c;
  const e = await c.entry('hazardous', MEDICAL);
  const batch = (p: { ctx: Ctx; org: Organisation }, t: number, when: Date) => rec.batch(p.ctx, p.org, { stream: 'hazardous', wasteCode: MEDICAL, catalogueName: e.catalogueName, internalName: e.name,
    category: e.category, hazard: e.hazard, physicalForm: '固态', containerType: '医疗废物周转箱', containerVolumeL: 60, containerCount: Math.max(1, Math.ceil(t / 0.012)), quantityT: t, storageFacility: '医疗废物暂存间', generatedAt: when, storeNow: true });
  const send = async (from: { ctx: Ctx; org: Organisation }, carrierCtx: Ctx, truck: Cast['medTruck'], batches: HistoryBatch[], day: string, hour: number) => {
    const m = await rec.manifest(from.ctx, 'hazardous', from.org, { batchIds: batches.map((b) => b.id), receiverId: medwaste.org.id, transporterIds: [truck.vehicle.organisationId], vehicleId: truck.vehicle.id, driverId: truck.driver.id, plannedDate: day, ...MEDICAL_DG },
      { receiver: medwaste.org, transporterIds: [truck.vehicle.organisationId], vehicle: truck.vehicle, driver: truck.driver }, at(day, hour), { batches });
    await rec.sign(from.ctx, m, 'sign_emission', at(day, hour + 0.2));
    const pickupWeightT = m ? m.declaredWeightT : 0;
    await rec.sign(carrierCtx, m, 'sign_transport', at(day, hour + 0.5), { pickupWeightT, origin: from.org.address, destination: medwaste.org.address });
    await rec.sign(medwaste.ctx, m, 'sign_reception', at(day, hour + 2), { receptionOutcome: 'accepted', receivedWeightT: pickupWeightT, treatmentMethod: 'D10' });
  };
  // Medical waste is kept for hours, not days: in the live week a run is told once it is over, so that
  // no clinic's or collector's store holds the demo's waste while the day's round is still to come.
  for (const day of days) {
    const month = cal.monthOf(day);
    if ((weekday(day) === 1 || weekday(day) === 4) && rec.happened(at(day, 9))) {
      const b = await batch(hospital, round(HOSPITAL.perRunT * season(SEASON_INDUSTRY, month) * noise(0.1), 3), at(day, 6));
      if (b) await send(hospital, medwaste.ctx, medTruck, [b], day, 7);
    }
    for (const { weekday: roundDay, stops } of c.rounds) {
      // The round's stops take a quarter of an hour each; the store goes on to the disposal centre after the last.
      const back = 8.5 + stops.length * 0.25;
      if (weekday(day) !== roundDay || !rec.happened(at(day, back + 3.5))) continue;
      for (const clinic of stops) await batch(clinic, round(clinic.weeklyT * noise(0.2), 3), at(addDays(day, -1), 17));
      const r = await rec.round(collector.ctx, collector.org, { roundDate: day, vehicleId: roundTruck.vehicle.id, driverId: roundTruck.driver.id, wasteCode: MEDICAL, producerIds: stops.map((s) => s.org.id), at: at(addDays(day, -1), 18) });
      if (!r) continue;
      for (const [i, clinic] of stops.entries()) {
        const held = await rec.heldBatches(clinic.org.id, MEDICAL);
        if (!held.length) continue;
        const start = 8 + i * 0.25;
        const m = await rec.manifest(clinic.ctx, 'hazardous', clinic.org, { batchIds: held.map((b) => b.id), receiverId: collector.org.id, transporterIds: [collector.org.id], vehicleId: roundTruck.vehicle.id, driverId: roundTruck.driver.id, plannedDate: day, ...MEDICAL_DG },
          { receiver: collector.org, transporterIds: [collector.org.id], vehicle: roundTruck.vehicle, driver: roundTruck.driver }, at(day, start), { batches: held, roundId: r.id });
        await rec.sign(clinic.ctx, m, 'sign_emission', at(day, start + 0.05));
        await rec.sign(medDriver, m, 'sign_transport', at(day, start + 0.1), { pickupWeightT: m?.declaredWeightT, origin: clinic.org.address, destination: collector.org.address });
        await rec.sign(collector.ctx, m, 'sign_reception', at(day, back), { receptionOutcome: 'accepted', receivedWeightT: m?.declaredWeightT, treatmentMethod: COLLECTION_METHOD });
      }
      await rec.closeRound(collector.ctx, r, at(day, back + 0.5));
      const collected = await rec.heldBatches(collector.org.id, MEDICAL);
      if (collected.length) await send(collector, medDriver, roundTruck, collected, day, back + 1);
    }
  }
}

/** 一般工业固体废物: each producer's classes, split by where they go; the hand-overs the day after. */
async function industrialStory({ rec, days, cal, c, noise }: Story) {
  for (const p of c.industrial) {
    for (const day of days) {
      const month = cal.monthOf(day);
      const due = p.every === 'week' ? weekday(day) === 1 : Number(day.slice(8)) === 1;
      if (!due || day === cal.first) continue;
      for (const flow of p.flows) {
        const e = await c.entry('industrial', flow.code);
        const total = flow.periodT * season(p.season, month) * noise(0.06);
        // The trend moves part of what went to the yard to the utilisers as the year goes on.
        const yardShare = flow.parts.filter((x) => x.to === 'yard').reduce((s, x) => s + x.share, 0);
        const moved = yardShare * UTILISATION_TREND * (monthFactor(month) - 0.5) * 2;
        const utilisers = flow.parts.filter((x) => x.to in INDUSTRIAL_RECEIVERS).length;
        for (const part of flow.parts) {
          const share = part.to === 'yard' ? part.share - moved : part.to in INDUSTRIAL_RECEIVERS && utilisers ? part.share + moved / utilisers : part.share;
          const t = round(total * share, 1);
          const batch = await rec.batch(p.ctx, p.org, { stream: 'industrial', wasteCode: flow.code, catalogueName: e.catalogueName, internalName: part.label, category: e.category, physicalForm: flow.form,
            containerType: '散装', containerCount: 1, quantityT: t, storageFacility: part.to === 'yard' ? '贮灰场' : '灰库/料场', generatedAt: at(day, 6), storeNow: true });
          if (!batch) continue;
          if (part.to === 'yard') await rec.movement(p.ctx, batch, { kind: 'self_dispose', quantityT: t, at: at(day, 7), treatmentMethod: part.method });
          else if (part.to === 'self') await rec.movement(p.ctx, batch, { kind: 'self_utilise', quantityT: t, at: at(day, 7), treatmentMethod: part.method });
          else if (part.to !== 'store') {
            const to = c.receivers[part.to], handover = addDays(day, 1);
            const m = await rec.manifest(p.ctx, 'industrial', p.org, { batchIds: [batch.id], receiverId: to.org.id, transporterIds: [], plannedDate: handover, purpose: '利用' },
              { receiver: to.org, transporterIds: [], vehicle: null, driver: null }, at(handover, 8), { batches: [batch] });
            await rec.sign(p.ctx, m, 'sign_emission', at(handover, 8.5));
            await rec.sign(to.ctx, m, 'sign_reception', at(handover, 17), { receptionOutcome: 'accepted', receivedWeightT: round(t * noise(0.02), 1), treatmentMethod: demoMethodCode(part.method) });
          }
        }
      }
    }
  }
}

/** Each month that has ended, declared by the producers some days after (华能热电 not yet the last one, 泉林纸业 never). */
async function declareMonths(db: Db, cal: ReturnType<typeof demoCalendar>, c: Cast, now: Date): Promise<number> {
  let count = 0;
  for (const p of c.industrial) {
    for (const m of cal.months.slice(0, -1)) {
      const period = `${m.year}-${String(m.month).padStart(2, '0')}`;
      const filed = at(addDays(`${period}-${String(m.days).padStart(2, '0')}`, 3 + (count % 7)), 10);
      if (filed.getTime() > now.getTime() || (p.user === 'power.demo' && m.index === 10) || p.user === 'quanlin.demo') continue;
      const row = await submitDeclaration(db, p.ctx, 'month', period, '', 'industrial', filed);
      await db.update(declarations).set({ submittedAt: filed }).where(eq(declarations.id, row.id));
      count++;
    }
  }
  return count;
}

export async function seedYear(db: Db, now = new Date()): Promise<string> {
  const cal = demoCalendar(now);
  const random = randomFrom(Number(cal.today.replace(/-/g, '')));
  const noise = (spread: number) => 1 + (random() * 2 - 1) * spread;
  const c = await cast(db);
  const w = new HistoryWriter();
  const history: Story = { rec: historyRecorder(w), days: cal.historyDays, cal, c, noise };
  // Medical waste leaves no store overnight, so only its last two days go through the services: the
  // rounds of forty institutions are many calls, and the start-up stays short.
  const medicalLive = cal.liveDays.slice(-2);
  await hazardousStory(history);
  await medicalStory({ ...history, days: [...cal.historyDays, ...cal.liveDays.slice(0, -2)] });
  await industrialStory(history);
  const written = await db.transaction((tx) => w.flush(tx));
  const live: Story = { rec: serviceRecorder(db, now), days: cal.liveDays, cal, c, noise, now };
  await hazardousStory(live);
  await medicalStory({ ...live, days: medicalLive });
  await industrialStory(live);
  const declared = await declareMonths(db, cal, c, now);
  return `${written.batches} batches, ${written.movements} ledger movements and ${written.manifests} manifests of history; ${declared} monthly declarations`;
}
