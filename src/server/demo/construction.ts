import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { drivers, organisations, vehicles } from '../platform/organisations/schema';
import { constructionProjects, disposalSites } from '../construction/schema';
import { demoActors } from './actors';
import { decidePlan, registerProject, submitPlan, type NewProject } from '../construction/service';
import { createManifest, signManifest } from '../manifests/service';
import { HistoryWriter } from './history';
import { historyRecorder, serviceRecorder, type Recorder } from './recorder';
import { addDays, at, demoCalendar, liveMoment, randomFrom, round, weekday } from './calendar';

// The demo's construction waste: three projects in 临清 and one in 天桥区, each with its approved
// disposal plan, and a year of truckloads through the engine (site → driver → weighbridge). 工程渣土
// goes to the consumption site; 工程垃圾, 拆除垃圾 and 装修垃圾 mostly to the recycling plant. Work
// stops for the Spring Festival and slows in the frozen months; the recycling plant takes a growing
// share as the year goes on, from about a third to a half, so that 临清's 建筑垃圾资源化利用率 for the
// year sits near 42 %, short of the plan's 50 %. 建筑垃圾资源化利用率 and the discharge per 10,000 m²
// on the indicator tables are computed from these loads. Today one truck is on its way to the plant.

const NAMES: Record<string, string> = { CW01: '工程渣土', CW03: '工程垃圾', CW04: '拆除垃圾', CW05: '装修垃圾' };

interface ProjectStory {
  project: Omit<NewProject, 'startDate'>;
  startMonthsAgo: number;
  plan: { code: string; expectedT: number; reuseOnSiteT: number }[];
  reductionTargetPct: number;
  /** Loads in an ordinary month, and the mix of categories (CW01 to the consumption site, the rest to the plant). */
  monthlyLoads: number; mix: Record<string, number>;
}

interface Jurisdiction {
  site: string; driver: string; receiver: string; approver: string; transporter: string;
  projects: ProjectStory[];
  /** The share of recyclable categories that goes to the consumption site instead, at the start and end of the year. */
  dumpedShare: [number, number];
}

const LINQING: Jurisdiction = {
  site: 'site.demo', driver: 'driver.muck', receiver: 'cwsite.demo', approver: 'housing.linqing', transporter: '临清市渣土运输有限公司', dumpedShare: [0.26, 0.04],
  projects: [
    { project: { name: '临清市民文化中心（一期）', address: '临清市青年路与永青路交叉口东北', longitude: 115.7104, latitude: 36.8452, kind: 'new', floorAreaM2: 48_000, greenBuilding: true, greenStar: 2, prefabricated: false }, startMonthsAgo: 12,
      plan: [{ code: 'CW01', expectedT: 9_000, reuseOnSiteT: 2_500 }, { code: 'CW03', expectedT: 1_600, reuseOnSiteT: 200 }, { code: 'CW05', expectedT: 300, reuseOnSiteT: 0 }],
      reductionTargetPct: 20, monthlyLoads: 9, mix: { CW01: 0.6, CW03: 0.34, CW05: 0.06 } },
    { project: { name: '临清市大众路片区棚户区改造（拆除）', address: '临清市新华路街道大众路两侧', longitude: 115.7196, latitude: 36.8361, kind: 'demolition', floorAreaM2: 35_000 }, startMonthsAgo: 9,
      plan: [{ code: 'CW04', expectedT: 4_800, reuseOnSiteT: 300 }, { code: 'CW01', expectedT: 1_200, reuseOnSiteT: 400 }],
      reductionTargetPct: 10, monthlyLoads: 6, mix: { CW04: 0.72, CW01: 0.28 } },
    { project: { name: '临清市第二实验中学新校区', address: '临清市大辛庄街道 新华路东延', longitude: 115.7552, latitude: 36.8317, kind: 'new', floorAreaM2: 62_000, greenBuilding: true, greenStar: 1, prefabricated: true }, startMonthsAgo: 7,
      plan: [{ code: 'CW01', expectedT: 12_000, reuseOnSiteT: 4_000 }, { code: 'CW03', expectedT: 2_100, reuseOnSiteT: 300 }, { code: 'CW05', expectedT: 200, reuseOnSiteT: 0 }],
      reductionTargetPct: 20, monthlyLoads: 8, mix: { CW01: 0.7, CW03: 0.27, CW05: 0.03 } },
  ],
};

const TIANQIAO: Jurisdiction = {
  site: 'site.tianqiao', driver: 'cw.tianqiao', receiver: 'cw.tianqiao', approver: 'office.tianqiao', transporter: '济南天桥建筑垃圾资源化利用有限公司', dumpedShare: [0.2, 0.2],
  projects: [
    { project: { name: '天桥区北园大街棚改安置房（二期）', address: '济南市天桥区北园大街北侧', longitude: 116.9912, latitude: 36.6935, kind: 'new', floorAreaM2: 26_000, greenBuilding: true, prefabricated: true }, startMonthsAgo: 11,
      plan: [{ code: 'CW01', expectedT: 5_200, reuseOnSiteT: 1_800 }, { code: 'CW03', expectedT: 1_500, reuseOnSiteT: 100 }, { code: 'CW04', expectedT: 300, reuseOnSiteT: 0 }],
      reductionTargetPct: 25, monthlyLoads: 5, mix: { CW01: 0.3, CW03: 0.6, CW04: 0.1 } },
  ],
};

/** Building slows in the frozen months and stops for the Spring Festival. */
const SEASON = [0.55, 0.3, 1.0, 1.2, 1.2, 1.05, 0.95, 0.9, 1.15, 1.2, 1.1, 0.8];

async function tell(db: Db, j: Jurisdiction, now: Date, cal: ReturnType<typeof demoCalendar>, w: HistoryWriter) {
  const actor = demoActors(db);
  const site = await actor(j.site), driverCtx = await actor(j.driver), receiver = await actor(j.receiver);
  const [producer] = await db.select().from(organisations).where(eq(organisations.id, site.actor.organisationId!));
  const [transporter] = await db.select().from(organisations).where(eq(organisations.name, j.transporter));
  const [receiverOrg] = await db.select().from(organisations).where(eq(organisations.id, receiver.actor.organisationId!));
  const sites = await db.select().from(disposalSites).where(eq(disposalSites.organisationId, receiverOrg.id));
  const siteOf = (kind: 'recycling' | 'consumption') => sites.find((s) => s.kind === kind)!;
  // The company's first two trucks take turns; a third is kept for the load on the road today.
  const trucks = await db.select().from(vehicles).where(eq(vehicles.organisationId, transporter.id)).orderBy(asc(vehicles.createdAt), asc(vehicles.plate));
  // The driver who signs the pickups, or (天桥, where the plant's office signs them) the company's first driver.
  const [driver] = await db.select().from(drivers).where(eq(drivers.organisationId, transporter.id)).orderBy(sql`${drivers.userId} = ${driverCtx.actor.userId!} DESC`).limit(1);
  const random = randomFrom(Number(cal.today.replace(/-/g, '')) + j.site.length);
  const plans = [];
  for (const p of j.projects) {
    const startDate = addDays(cal.today, -Math.round(p.startMonthsAgo * 30.4));
    const project = await registerProject(db, site, { ...p.project, startDate });
    const plan = await submitPlan(db, site, project.id, { items: p.plan, reductionTargetPct: p.reductionTargetPct, measures: '基坑土方场内回填，工程垃圾分类后送资源化利用厂', transporterIds: [transporter.id], siteIds: sites.map((s) => s.id) });
    await decidePlan(db, await actor(j.approver), plan.id, true, '');
    plans.push({ story: p, project, startDate });
  }
  const days = [...cal.historyDays, ...cal.liveDays];
  // Each working day's loads, decided once so that history and the live week agree.
  const loads: { day: string; slot: number; project: (typeof plans)[number]; code: string; t: number; to: 'recycling' | 'consumption' }[] = [];
  for (const day of days) {
    if (weekday(day) === 0) continue;
    const month = cal.monthOf(day);
    let slot = 0;
    for (const p of plans) {
      if (day < p.startDate) continue;
      const expected = p.story.monthlyLoads * SEASON[month.month - 1] / 26;
      const count = Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
      for (let n = 0; n < count; n++) {
        let pick = random(), code = Object.keys(p.story.mix)[0];
        for (const [c, share] of Object.entries(p.story.mix)) { if (pick < share) { code = c; break; } pick -= share; }
        const dumped = j.dumpedShare[0] + (j.dumpedShare[1] - j.dumpedShare[0]) * (month.index / 11);
        const to = code === 'CW01' || random() < dumped ? 'consumption' : 'recycling';
        loads.push({ day, slot: slot++, project: p, code, t: round(15.5 + random() * 2.4, 1), to });
      }
    }
  }
  const run = async (rec: Recorder, live: boolean) => {
    for (const [k, load] of loads.entries()) {
      if ((load.day >= cal.liveFrom) !== live) continue;
      const moment = (hour: number) => (live ? liveMoment(now, load.day, hour) : at(load.day, hour));
      const start = 7 + load.slot * 1.5;
      const destination = siteOf(load.to), truck = trucks[k % Math.min(2, trucks.length)];
      const m = await rec.manifest(site, 'construction', producer, { projectId: load.project.project.id, wasteCode: load.code, declaredWeightT: load.t, siteId: destination.id, batchIds: [], transporterIds: [transporter.id],
        vehicleId: truck.id, driverId: driver.id, plannedDate: load.day }, { receiver: receiverOrg, transporterIds: [transporter.id], vehicle: truck, driver, extra: { siteId: destination.id, siteName: destination.name } }, moment(start),
      { load: { wasteCode: load.code, wasteName: NAMES[load.code], physicalForm: '固态', declaredWeightT: load.t, batches: [], held: new Map(), extra: { projectId: load.project.project.id, projectName: load.project.project.name } } });
      await rec.sign(site, m, 'sign_emission', moment(start + 0.1));
      await rec.sign(driverCtx, m, 'sign_transport', moment(start + 0.2), { pickupWeightT: load.t });
      await rec.sign(receiver, m, 'sign_reception', moment(start + 1),
        { receptionOutcome: 'accepted', receivedWeightT: round(load.t - 0.1, 1), treatmentMethod: load.to === 'recycling' ? '破碎筛分制再生骨料' : '分层填埋压实' });
    }
  };
  await run(historyRecorder(w), false);
  return { run, loads: loads.length, site, driverCtx, producer, transporter, trucks, driver, siteOf, receiverOrg, first: plans[0] };
}

export async function seedConstructionHistory(db: Db, now = new Date()): Promise<string> {
  const cal = demoCalendar(now);
  const w = new HistoryWriter();
  const told = [await tell(db, LINQING, now, cal, w), await tell(db, TIANQIAO, now, cal, w)];
  await db.transaction((tx) => w.flush(tx));
  for (const t of told) await t.run(serviceRecorder(db, now), true);
  // On the road now: a load of 工程垃圾 from the 文化中心 to the recycling plant, on the third truck.
  const lq = told[0], truck = lq.trucks[2], plant = lq.siteOf('recycling');
  const [project] = await db.select().from(constructionProjects).where(eq(constructionProjects.id, lq.first.project.id));
  const m = await createManifest(db, lq.site, { projectId: project.id, wasteCode: 'CW03', declaredWeightT: 16.4, siteId: plant.id, batchIds: [], transporterIds: [lq.transporter.id], vehicleId: truck.id, driverId: lq.driver.id, plannedDate: cal.today }, 'construction');
  await signManifest(db, lq.site, m.id, { action: 'sign_emission', at: new Date(now.getTime() - 40 * 60_000) });
  await signManifest(db, lq.driverCtx, m.id, { action: 'sign_transport', data: { pickupWeightT: 16.5 }, at: new Date(now.getTime() - 35 * 60_000) });
  return `${LINQING.projects.length + TIANQIAO.projects.length} projects, ${told.reduce((n, t) => n + t.loads, 0) + 1} truckloads (one on the road)`;
}
