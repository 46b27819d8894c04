import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';
import { disposalSites } from '../construction/schema';
import { declarations } from '../declarations/schema';
import { requireStreamCode } from '../ledger/service';
import { submitDeclaration } from '../declarations/service';
import { decidePlan, registerProject, submitPlan, type NewProject } from '../construction/service';
import { COLLECTION_METHOD } from '../../domain/streams/vocabularies';
import { demoMethodCode } from './methods';
import { demoActors } from './actors';
import { HistoryWriter, type HistoryBatch, type Organisation } from './history';
import { historyRecorder, type Recorder } from './recorder';
import { addDays, at, demoCalendar, randomFrom, round, weekday, type DemoMonth } from './calendar';
import { TIANQIAO_YEAR, JNKFQ_YEAR, type AreaYear, type HazardousProducer, type IndustrialProducer, type CollectionRound } from './districts-flows';

// The year of 天桥区 and 济宁经开区, told to the history writer as demo/year.ts tells 临清's: each
// producer's batches as it records them, collected on the days its haulier comes, the clinics on a
// collector's round, hand-overs of general industrial waste for use, 济宁's sewage sludge and its
// construction truckloads. What the areas do is data (districts-flows.ts); this file tells it. Every
// load is told whole and before today, so nothing of these two areas is left half signed; the
// producers of general industrial waste declare each month on the platform after it ends.

type Ctx = Awaited<ReturnType<ReturnType<typeof demoActors>>>;
interface Party { ctx: Ctx; org: Organisation }

const DG = { dangerousGoodsClass: '第9类 杂项危险物质 UN3082', emergencyMeasures: '泄漏时以沙土围堵吸附，收集至备用桶，报告生态环境部门' };
const MEDICAL_DG = { dangerousGoodsClass: '第6.2类 感染性物质 UN3291', emergencyMeasures: '破损包装立即以双层黄色医疗废物袋封装，撒布含氯消毒剂，报告卫生健康部门' };
const MAX_HANDOVER_T = 950, MAX_BATCH_T = 9_900;
/** Hazardous waste of at least this much a month goes into store every other week, less once a month. */
const OFTEN_FROM_T = 15;
/** The areas' producers have declared on the platform for the last three months (before, on paper). */
const DECLARED_MONTHS = 3;

/** `t` in as few equal parts as keep each within `most`. */
function pieces(t: number, most: number): number[] {
  if (!(t > 0)) return [];
  const n = Math.ceil(t / most), each = round(t / n, 1);
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? each : round(t - each * (n - 1), 1)));
}

interface Story {
  rec: Recorder; days: string[]; cal: ReturnType<typeof demoCalendar>; noise: (spread: number) => number;
  party: (username: string) => Promise<Party>;
  entry: (stream: string, code: string) => Promise<{ catalogueName: string; name: string; category: string; hazard: string[] }>;
  truck: (organisationId: string) => Promise<{ vehicles: (typeof vehicles.$inferSelect)[]; driver: typeof drivers.$inferSelect }>;
}

const monthFactor = (m: DemoMonth) => m.index / 11;
const season = (table: number[], m: DemoMonth) => table[m.month - 1];
/** Weeks since the calendar began, for things done every other week. */
const weekOf = (cal: Story['cal'], day: string) => Math.floor((Date.parse(`${day}T12:00:00Z`) - Date.parse(`${cal.first}T12:00:00Z`)) / (7 * 86_400_000));

/** A manifest's three signatures: the producer's, the first transporter's pickup (its weight), the receiver's. */
async function handOver(s: Story, m: Awaited<ReturnType<Recorder['manifest']>>, from: Party, carrier: Ctx | null, to: Party, day: string, hour: number, reception: { method: string; weightT?: number }) {
  await s.rec.sign(from.ctx, m, 'sign_emission', at(day, hour + 0.2));
  const pickupWeightT = round((m?.declaredWeightT ?? 0) * s.noise(0.004), 3);
  if (carrier) await s.rec.sign(carrier, m, 'sign_transport', at(day, hour + 0.6), { pickupWeightT, origin: from.org.address, destination: to.org.address });
  const receivedWeightT = reception.weightT ?? round((carrier ? pickupWeightT : m?.declaredWeightT ?? 0) * s.noise(0.006), 3);
  await s.rec.sign(to.ctx, m, 'sign_reception', at(day, hour + 2.5), { receptionOutcome: 'accepted', receivedWeightT, treatmentMethod: reception.method });
}

/** Hazardous batches of a producer and code waiting in store, as truckloads: the smallest truck that takes each, the largest's load at most. */
async function truckloads(s: Story, organisationId: string, code: string, before: Date, trucks: (typeof vehicles.$inferSelect)[]) {
  const waiting = (await s.rec.heldBatches(organisationId, code)).filter((b) => b.generatedAt < before);
  const loads: { batches: HistoryBatch[]; t: number }[] = [];
  const largest = trucks[trucks.length - 1].loadT;
  for (const b of waiting) {
    const t = await s.rec.inStore(b);
    const last = loads[loads.length - 1];
    if (last && last.t + t <= largest) { last.batches.push(b); last.t += t; } else loads.push({ batches: [b], t });
  }
  return loads.map((l) => {
    const vehicle = trucks.find((v) => v.loadT >= l.t);
    if (!vehicle) throw new Error(`demo: a batch of ${code} of ${l.t} t is more than the haulier's largest truck takes`);
    return { ...l, vehicle };
  });
}

/** 危险废物 of the factories and social sources: into store every other week (a small quantity monthly), collected by the haulier every month or every few months for the operator. */
async function hazardousStory(s: Story, area: AreaYear, producers: HazardousProducer[]) {
  const haulier = await s.party(area.haulier.driver), receiver = await s.party(area.operator);
  const { vehicles: trucks, driver } = await s.truck(haulier.org.id);
  const dgTrucks = trucks.filter((v) => v.dgPermitNo);
  for (const p of producers) {
    const producer = await s.party(p.user);
    for (const day of s.days) {
      const month = s.cal.monthOf(day);
      if (weekday(day) === p.weekday) {
        // What a producer makes much of it puts in store every other week; a small quantity, in the first week of the month.
        const fortnight = weekOf(s.cal, day) % 2 === 0, firstWeek = Number(day.slice(8)) <= 7;
        for (const code of p.codes.filter((c) => (c.monthlyT >= OFTEN_FROM_T ? fortnight : firstWeek))) {
          const e = await s.entry('hazardous', code.code);
          const t = round((code.monthlyT >= OFTEN_FROM_T ? code.monthlyT * 12 / 26 : code.monthlyT) * season(area.season, month) * (1 + area.hazardousTrend * (monthFactor(month) - 0.5)) * s.noise(0.12), 3);
          const batch = await s.rec.batch(producer.ctx, producer.org, { stream: 'hazardous', wasteCode: code.code, catalogueName: e.catalogueName, internalName: e.name, category: e.category, hazard: e.hazard,
            physicalForm: code.form, containerType: code.pack.container, containerVolumeL: code.pack.volumeL, containerCount: Math.max(1, Math.ceil(t / code.pack.perContainerT)), quantityT: t,
            storageFacility: '危险废物贮存库', generatedAt: at(day, 16), storeNow: true });
          if (batch && code.selfUtilise) await s.rec.movement(producer.ctx, batch, { kind: 'self_utilise', quantityT: round(t * code.selfUtilise.share, 3), at: at(day, 17), treatmentMethod: code.selfUtilise.method, note: code.selfUtilise.note });
        }
      }
      if (Number(day.slice(8)) !== p.transferDay) continue;
      for (const code of p.codes) {
        if (month.month % (code.everyMonths ?? 1) !== 0) continue;
        for (const [n, load] of (await truckloads(s, producer.org.id, code.code, at(day, 8), dgTrucks)).entries()) {
          const start = 8 + n * 3;
          const m = await s.rec.manifest(producer.ctx, 'hazardous', producer.org, { batchIds: load.batches.map((b) => b.id), receiverId: receiver.org.id, transporterIds: [haulier.org.id], vehicleId: load.vehicle.id, driverId: driver.id, plannedDate: day, ...DG },
            { receiver: receiver.org, transporterIds: [haulier.org.id], vehicle: load.vehicle, driver }, at(day, start), { batches: load.batches });
          await handOver(s, m, producer, haulier.ctx, receiver, day, start, { method: code.method });
        }
      }
    }
  }
}

/** 医疗废物 of the hospitals: twice a week, on the operator's own truck, burnt (D10). */
async function hospitalStory(s: Story, area: AreaYear) {
  const operator = await s.party(area.operator);
  const { vehicles: [truck], driver } = await s.truck(operator.org.id);
  const e = await s.entry('hazardous', '841-001-01');
  for (const h of area.hospitals) {
    const hospital = await s.party(h.user);
    for (const day of s.days) {
      if (!h.weekdays.includes(weekday(day))) continue;
      const t = round(h.perRunT * season(area.season, s.cal.monthOf(day)) * s.noise(0.1), 3);
      const b = await s.rec.batch(hospital.ctx, hospital.org, { stream: 'hazardous', wasteCode: '841-001-01', catalogueName: e.catalogueName, internalName: e.name, category: e.category, hazard: e.hazard,
        physicalForm: '固态', containerType: '医疗废物周转箱', containerVolumeL: 60, containerCount: Math.max(1, Math.ceil(t / 0.012)), quantityT: t, storageFacility: '医疗废物暂存间', generatedAt: at(day, 6), storeNow: true });
      if (!b) continue;
      const m = await s.rec.manifest(hospital.ctx, 'hazardous', hospital.org, { batchIds: [b.id], receiverId: operator.org.id, transporterIds: [operator.org.id], vehicleId: truck.id, driverId: driver.id, plannedDate: day, ...MEDICAL_DG },
        { receiver: operator.org, transporterIds: [operator.org.id], vehicle: truck, driver }, at(day, 7), { batches: [b] });
      await handOver(s, m, hospital, operator.ctx, operator, day, 7, { method: 'D10' });
    }
  }
}

/**
 * A licensed collector's round (公交式收运): on its day, each stop due hands over what it kept since
 * its last visit, and the collector's store goes on to the operator the same afternoon (medical
 * waste) or once its store is worth a trip (the garages' waste oil).
 */
async function roundStory(s: Story, area: AreaYear, r: CollectionRound) {
  const collector = await s.party(r.collector), operator = await s.party(area.operator);
  const { vehicles: [truck], driver } = await s.truck(collector.org.id);
  const stops = await Promise.all(r.stops.map(async (x) => ({ ...x, ...(await s.party(x.user)) })));
  const e = await s.entry('hazardous', r.code);
  const dg = r.code.startsWith('841') ? MEDICAL_DG : DG;
  const visitsApart = Math.ceil(stops.length / r.perRound) * r.everyWeeks;
  let turn = 0;
  for (const day of s.days) {
    if (weekday(day) !== r.weekday || weekOf(s.cal, day) % r.everyWeeks !== 0) continue;
    const due = Array.from({ length: Math.min(r.perRound, stops.length) }, (_, i) => stops[(turn + i) % stops.length]);
    turn += r.perRound;
    const month = s.cal.monthOf(day);
    for (const stop of due) {
      const t = round(stop.monthlyT * 12 / 52 * visitsApart * season(area.season, month) * s.noise(0.2), 3);
      await s.rec.batch(stop.ctx, stop.org, { stream: 'hazardous', wasteCode: r.code, catalogueName: e.catalogueName, internalName: e.name, category: e.category, hazard: e.hazard, physicalForm: r.form,
        containerType: r.pack.container, containerVolumeL: r.pack.volumeL, containerCount: Math.max(1, Math.ceil(t / r.pack.perContainerT)), quantityT: t, storageFacility: r.storage, generatedAt: at(addDays(day, -1), 17), storeNow: true });
    }
    if (!due.length) continue;
    const planned = await s.rec.round(collector.ctx, collector.org, { roundDate: day, vehicleId: truck.id, driverId: driver.id, wasteCode: r.code, producerIds: due.map((x) => x.org.id), at: at(addDays(day, -1), 18) });
    if (!planned) continue;
    for (const [i, stop] of due.entries()) {
      const held = await s.rec.heldBatches(stop.org.id, r.code);
      if (!held.length) continue;
      const start = 8 + i * 0.5;
      const m = await s.rec.manifest(stop.ctx, 'hazardous', stop.org, { batchIds: held.map((b) => b.id), receiverId: collector.org.id, transporterIds: [collector.org.id], vehicleId: truck.id, driverId: driver.id, plannedDate: day, ...dg },
        { receiver: collector.org, transporterIds: [collector.org.id], vehicle: truck, driver }, at(day, start), { batches: held, roundId: planned.id });
      await s.rec.sign(stop.ctx, m, 'sign_emission', at(day, start + 0.1));
      await s.rec.sign(collector.ctx, m, 'sign_transport', at(day, start + 0.2), { pickupWeightT: m?.declaredWeightT, origin: stop.org.address, destination: collector.org.address });
      await s.rec.sign(collector.ctx, m, 'sign_reception', at(day, 12.5), { receptionOutcome: 'accepted', receivedWeightT: m?.declaredWeightT, treatmentMethod: COLLECTION_METHOD });
    }
    await s.rec.closeRound(collector.ctx, planned, at(day, 13));
    const store = await s.rec.heldBatches(collector.org.id, r.code);
    let inStore = 0;
    for (const b of store) inStore += await s.rec.inStore(b);
    if (!store.length || inStore < r.onward.atLeastT || inStore > truck.loadT) continue;
    const m = await s.rec.manifest(collector.ctx, 'hazardous', collector.org, { batchIds: store.map((b) => b.id), receiverId: operator.org.id, transporterIds: [collector.org.id], vehicleId: truck.id, driverId: driver.id, plannedDate: day, ...dg },
      { receiver: operator.org, transporterIds: [collector.org.id], vehicle: truck, driver }, at(day, 14), { batches: store });
    await handOver(s, m, collector, collector.ctx, operator, day, 14, { method: r.onward.method });
  }
}

/** 一般工业固体废物: each producer's classes, split by where each part goes; the hand-overs for use the day after. */
async function industrialStory(s: Story, area: AreaYear, producers: IndustrialProducer[]) {
  for (const p of producers) {
    const producer = await s.party(p.user);
    for (const day of s.days) {
      const month = s.cal.monthOf(day);
      const due = p.every === 'month' ? Number(day.slice(8)) === 1 : weekday(day) === 1 && (p.every === 'week' || weekOf(s.cal, day) % 2 === 0);
      if (!due) continue;
      for (const flow of p.flows) {
        const e = await s.entry('industrial', flow.code);
        const total = flow.periodT * season(p.season, month) * s.noise(0.05);
        // The trend moves part of what went to the yard to its users as the year goes on.
        const yardShare = flow.parts.filter((x) => x.to === 'yard').reduce((t, x) => t + x.share, 0);
        const moved = yardShare * area.utilisationTrend * (monthFactor(month) - 0.5) * 2;
        const users = flow.parts.filter((x) => x.to !== 'yard').length;
        for (const part of flow.parts) {
          const share = part.to === 'yard' ? part.share - moved : users ? part.share + moved / users : part.share;
          const handedOver = part.to !== 'yard' && part.to !== 'self';
          // A batch is at most what a record takes (10,000 t), a hand-over what one manifest carries: more is recorded in parts.
          for (const t of pieces(round(total * share, 1), handedOver ? MAX_HANDOVER_T : MAX_BATCH_T)) {
            const batch = await s.rec.batch(producer.ctx, producer.org, { stream: 'industrial', wasteCode: flow.code, catalogueName: e.catalogueName, internalName: part.label, category: e.category, physicalForm: flow.form,
              containerType: '散装', containerCount: 1, quantityT: t, storageFacility: part.to === 'yard' ? flow.yard ?? '贮存场' : '料场', generatedAt: at(day, 6), storeNow: true });
            if (!batch) continue;
            if (part.to === 'yard') await s.rec.movement(producer.ctx, batch, { kind: 'self_dispose', quantityT: t, at: at(day, 7), treatmentMethod: part.method });
            else if (part.to === 'self') await s.rec.movement(producer.ctx, batch, { kind: 'self_utilise', quantityT: t, at: at(day, 7), treatmentMethod: part.method });
            else if (handedOver) {
              const to = await s.party(part.to), handover = addDays(day, 1);
              const m = await s.rec.manifest(producer.ctx, 'industrial', producer.org, { batchIds: [batch.id], receiverId: to.org.id, transporterIds: [], plannedDate: handover, purpose: '利用' },
                { receiver: to.org, transporterIds: [], vehicle: null, driver: null }, at(handover, 8), { batches: [batch] });
              await handOver(s, m, producer, null, to, handover, 8, { method: demoMethodCode(part.method), weightT: round(t * s.noise(0.015), 1) });
            }
          }
        }
      }
    }
  }
}

/** 城镇污水污泥 of 济宁经开区's plant: a truckload twice a week, co-fired at the heat plant or made into bricks. */
async function sludgeStory(s: Story, area: AreaYear) {
  if (!area.sludge) return;
  const { plant: plantUser, driver: driverUser, loadT, days, toBricksEvery } = area.sludge;
  const plant = await s.party(plantUser), haulier = await s.party(driverUser);
  const { vehicles: trucks, driver } = await s.truck(haulier.org.id);
  const truck = trucks.find((v) => !v.dgPermitNo)!;
  const e = await s.entry('sludge', 'SL01');
  let k = 0;
  for (const day of s.days) {
    if (!days.includes(weekday(day))) continue;
    k++;
    const t = round(loadT * (0.86 + ((k * 37) % 13) / 100), 1), moisturePct = round(77.5 + ((k * 13) % 31) / 10, 1);
    const batch = await s.rec.batch(plant.ctx, plant.org, { stream: 'sludge', wasteCode: 'SL01', catalogueName: e.catalogueName, internalName: e.name, category: e.category, physicalForm: '半固态（脱水污泥饼）',
      storageFacility: '脱水机房污泥料仓', containerType: '散装（料仓）', containerCount: 1, quantityT: t, storeNow: true, generatedAt: at(day, 6), attributes: { moisturePct } });
    if (!batch) continue;
    const to = await s.party(k % toBricksEvery === 0 ? area.sludge.bricks : area.sludge.incinerator);
    const method = k % toBricksEvery === 0 ? 'building_materials' : 'incineration';
    const m = await s.rec.manifest(plant.ctx, 'sludge', plant.org, { batchIds: [batch.id], receiverId: to.org.id, transporterIds: [haulier.org.id], vehicleId: truck.id, driverId: driver.id, plannedDate: day },
      { receiver: to.org, transporterIds: [haulier.org.id], vehicle: truck, driver }, at(day, 8), { batches: [batch] });
    await s.rec.sign(plant.ctx, m, 'sign_emission', at(day, 8));
    // The plant's weighbridge, the truck's and the receiver's agree: the cake is pressed dry enough not to drain on a short run.
    await s.rec.sign(haulier.ctx, m, 'sign_transport', at(day, 9), { pickupWeightT: t });
    await s.rec.sign(to.ctx, m, 'sign_reception', at(day, 10.5), { receptionOutcome: 'accepted', receivedWeightT: t, treatmentMethod: method, receivedMoisturePct: round(moisturePct - 0.3, 1) });
  }
}

/** 济宁经开区's construction sites: projects with approved plans (the services), and a year of their truckloads. */
async function constructionStory(db: Db, s: Story, area: AreaYear, random: () => number) {
  if (!area.construction) return 0;
  const c = area.construction;
  const site = await s.party(c.site), plant = await s.party(c.plant), approver = await demoActors(db)(c.approver);
  const sites = await db.select().from(disposalSites).where(eq(disposalSites.organisationId, plant.org.id));
  const { vehicles: trucks, driver } = await s.truck(plant.org.id);
  let loads = 0;
  for (const [n, p] of c.projects.entries()) {
    const startDate = addDays(s.cal.today, -Math.round(p.startMonthsAgo * 30.4));
    const project = await registerProject(db, site.ctx, { ...p.project, startDate } as NewProject);
    const plan = await submitPlan(db, site.ctx, project.id, { items: p.plan, reductionTargetPct: p.reductionTargetPct, measures: p.measures, transporterIds: [plant.org.id], siteIds: sites.map((x) => x.id) });
    await decidePlan(db, approver, plan.id, true, '');
    for (const day of s.days) {
      if (day < startDate || weekday(day) === 0) continue;
      const month = s.cal.monthOf(day);
      const expected = p.monthlyLoads * season(c.season, month) / 26;
      const count = Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
      for (let i = 0; i < count; i++) {
        let pick = random(), code = Object.keys(p.mix)[0];
        for (const [cw, share] of Object.entries(p.mix)) { if (pick < share) { code = cw; break; } pick -= share; }
        const dumped = c.dumpedShare[0] + (c.dumpedShare[1] - c.dumpedShare[0]) * monthFactor(month);
        const kind = code === 'CW01' || random() < dumped ? 'consumption' : 'recycling';
        const destination = sites.find((x) => x.kind === kind)!;
        const t = round(15.5 + random() * 3, 1), truck = trucks[(loads + n) % trucks.length], start = 7 + n * 2 + i * 1.2;
        const m = await s.rec.manifest(site.ctx, 'construction', site.org, { projectId: project.id, wasteCode: code, declaredWeightT: t, siteId: destination.id, batchIds: [], transporterIds: [plant.org.id], vehicleId: truck.id, driverId: driver.id, plannedDate: day },
          { receiver: plant.org, transporterIds: [plant.org.id], vehicle: truck, driver, extra: { siteId: destination.id, siteName: destination.name } }, at(day, start),
          { load: { wasteCode: code, wasteName: c.names[code], physicalForm: '固态', declaredWeightT: t, batches: [], held: new Map(), extra: { projectId: project.id, projectName: project.name } } });
        await s.rec.sign(site.ctx, m, 'sign_emission', at(day, start + 0.1));
        await s.rec.sign(plant.ctx, m, 'sign_transport', at(day, start + 0.2), { pickupWeightT: t });
        await s.rec.sign(plant.ctx, m, 'sign_reception', at(day, start + 1), { receptionOutcome: 'accepted', receivedWeightT: round(t - 0.1, 1), treatmentMethod: destination.kind === 'recycling' ? '破碎筛分制再生骨料' : '分层填埋压实' });
        loads++;
      }
    }
  }
  return loads;
}

/** Each of the last months that has ended, declared by the producers of general industrial waste some days after (the producers side by side). */
async function declareMonths(db: Db, s: Story, areas: AreaYear[], now: Date) {
  const declarants = areas.flatMap((a) => a.industrial).filter((p) => !p.neverDeclares);
  const counts = await Promise.all(declarants.map(async (p, k) => {
    const { ctx } = await s.party(p.user);
    let count = 0;
    for (const m of s.cal.months.slice(-1 - DECLARED_MONTHS, -1)) {
      const period = `${m.year}-${String(m.month).padStart(2, '0')}`;
      const filed = at(addDays(`${period}-${String(m.days).padStart(2, '0')}`, 4 + ((k + m.index) % 6)), 10);
      if (filed.getTime() > now.getTime()) continue;
      const row = await submitDeclaration(db, ctx, 'month', period, '', 'industrial', filed);
      await db.update(declarations).set({ submittedAt: filed }).where(eq(declarations.id, row.id));
      count++;
    }
    return count;
  }));
  return counts.reduce((a, b) => a + b, 0);
}

export async function seedDistrictYear(db: Db, now = new Date()): Promise<string> {
  const cal = demoCalendar(now);
  const random = randomFrom(Number(cal.today.replace(/-/g, '')) + 13);
  const noise = (spread: number) => 1 + (random() * 2 - 1) * spread;
  const actors = demoActors(db);
  const parties = new Map<string, Party>();
  const party = async (username: string) => {
    if (!parties.has(username)) {
      const ctx = await actors(username);
      parties.set(username, { ctx, org: (await db.select().from(organisations).where(eq(organisations.id, ctx.actor.organisationId!)))[0] });
    }
    return parties.get(username)!;
  };
  const entries = new Map<string, { catalogueName: string; name: string; category: string; hazard: string[] }>();
  const entry = async (stream: string, code: string) => {
    if (!entries.has(code)) {
      const e = await requireStreamCode(db, stream, code);
      entries.set(code, { name: e.name, catalogueName: e.description || e.name, category: e.category, hazard: e.hazard ?? [] });
    }
    return entries.get(code)!;
  };
  const truck = async (organisationId: string) => ({
    vehicles: await db.select().from(vehicles).where(eq(vehicles.organisationId, organisationId)).orderBy(asc(vehicles.loadT)),
    driver: (await db.select().from(drivers).where(eq(drivers.organisationId, organisationId)).limit(1))[0],
  });
  // Every login the areas' stories name, loaded at once.
  const logins = [TIANQIAO_YEAR, JNKFQ_YEAR].flatMap((a) => [a.haulier.driver, a.operator, ...a.hazardous.map((p) => p.user), ...a.hospitals.map((h) => h.user),
    ...a.rounds.flatMap((r) => [r.collector, ...r.stops.map((x) => x.user)]), ...a.industrial.flatMap((p) => [p.user, ...p.flows.flatMap((f) => f.parts.map((x) => x.to))]),
    ...(a.sludge ? [a.sludge.plant, a.sludge.driver, a.sludge.incinerator, a.sludge.bricks] : []), ...(a.construction ? [a.construction.site, a.construction.plant] : [])]);
  await Promise.all([...new Set(logins)].filter((u) => u !== 'self' && u !== 'yard').map(party));
  const w = new HistoryWriter();
  // Everything up to yesterday: the last loads of these areas are received before the demo starts.
  const s: Story = { rec: historyRecorder(w), days: [...cal.historyDays, ...cal.liveDays].filter((d) => d < cal.today), cal, noise, party, entry, truck };
  let truckloads = 0;
  for (const area of [TIANQIAO_YEAR, JNKFQ_YEAR]) {
    await hazardousStory(s, area, area.hazardous);
    await hospitalStory(s, area);
    for (const r of area.rounds) await roundStory(s, area, r);
    await industrialStory(s, area, area.industrial);
    await sludgeStory(s, area);
    truckloads += await constructionStory(db, s, area, random);
  }
  const written = await db.transaction((tx) => w.flush(tx));
  const declared = await declareMonths(db, s, [TIANQIAO_YEAR, JNKFQ_YEAR], now);
  return `${written.batches} batches, ${written.movements} ledger movements and ${written.manifests} manifests (${truckloads} construction truckloads), ${declared} monthly declarations`;
}
