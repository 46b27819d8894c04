import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database';
import { drivers, organisations, vehicles } from '../platform/organisations/schema';
import { disposalSites } from '../construction/schema';
import { demoActors, momentOf } from './actors';
import { decidePlan, registerProject, submitPlan, type NewProject } from '../construction/service';
import { createManifest, signManifest } from '../manifests/service';
import { shanghaiDate } from '../../domain/labels';

// The demo's construction-waste history: one new-build project in 临清 and one in 天桥区, each with
// its approved disposal plan and a season of truckloads that went the whole way through the engine
// (site → driver → weighbridge), signed at the dates they ran. 建筑垃圾资源化利用率 and the discharge
// per 10,000 m² on the two indicator tables are computed from these loads.

interface Load { code: string; t: number; to: 'recycling' | 'consumption'; daysAgo: number }

interface History {
  project: NewProject;
  plan: { code: string; expectedT: number; reuseOnSiteT: number }[];
  reductionTargetPct: number;
  site: string; driver: string; receiver: string; approver: string;
  transporter: string; loads: Load[];
}

const HISTORIES: History[] = [
  {
    project: { name: '临清市民文化中心（一期）', address: '临清市青年路与永青路交叉口东北', kind: 'new', floorAreaM2: 48_000, startDate: '', greenBuilding: true, greenStar: 2, prefabricated: false },
    plan: [{ code: 'CW01', expectedT: 9_000, reuseOnSiteT: 2_500 }, { code: 'CW03', expectedT: 1_600, reuseOnSiteT: 200 }, { code: 'CW05', expectedT: 300, reuseOnSiteT: 0 }],
    reductionTargetPct: 20, site: 'site.demo', driver: 'driver.muck', receiver: 'cwsite.demo', approver: 'housing.linqing', transporter: '临清市渣土运输有限公司',
    loads: [
      { code: 'CW01', t: 17.2, to: 'consumption', daysAgo: 96 }, { code: 'CW01', t: 16.8, to: 'consumption', daysAgo: 95 }, { code: 'CW01', t: 17.5, to: 'consumption', daysAgo: 81 },
      { code: 'CW03', t: 15.6, to: 'recycling', daysAgo: 60 }, { code: 'CW03', t: 16.1, to: 'recycling', daysAgo: 46 }, { code: 'CW03', t: 14.9, to: 'consumption', daysAgo: 39 },
      { code: 'CW03', t: 15.8, to: 'recycling', daysAgo: 25 }, { code: 'CW05', t: 8.4, to: 'recycling', daysAgo: 12 },
    ],
  },
  {
    project: { name: '天桥区北园大街棚改安置房（二期）', address: '济南市天桥区北园大街北侧', kind: 'new', floorAreaM2: 26_000, startDate: '', greenBuilding: true, prefabricated: true },
    plan: [{ code: 'CW01', expectedT: 5_200, reuseOnSiteT: 1_800 }, { code: 'CW03', expectedT: 700, reuseOnSiteT: 100 }, { code: 'CW04', expectedT: 120, reuseOnSiteT: 0 }],
    reductionTargetPct: 25, site: 'site.tianqiao', driver: 'cw.tianqiao', receiver: 'cw.tianqiao', approver: 'office.tianqiao', transporter: '济南天桥建筑垃圾资源化利用有限公司',
    loads: [
      { code: 'CW01', t: 19.2, to: 'consumption', daysAgo: 70 }, { code: 'CW03', t: 18.4, to: 'recycling', daysAgo: 52 }, { code: 'CW03', t: 17.9, to: 'recycling', daysAgo: 33 },
      { code: 'CW03', t: 18.8, to: 'consumption', daysAgo: 20 }, { code: 'CW04', t: 9.6, to: 'recycling', daysAgo: 6 },
    ],
  },
];


/** A moment `daysAgo` days back at `hour` Shanghai time, kept inside this year and in the past. */

export async function seedConstructionHistory(db: Db, now = new Date()): Promise<string> {
  const actor = demoActors(db);
  let count = 0;
  for (const h of HISTORIES) {
    const site = await actor(h.site);
    const [transporter] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, h.transporter));
    const receiverOrg = (await actor(h.receiver)).actor.organisationId!;
    const sites = await db.select().from(disposalSites).where(eq(disposalSites.organisationId, receiverOrg));
    const siteOf = (kind: Load['to']) => sites.find((s) => s.kind === kind)!;
    const project = await registerProject(db, site, { ...h.project, startDate: shanghaiDate(momentOf(now, 120, 9, 12)) });
    const plan = await submitPlan(db, site, project.id, { items: h.plan, reductionTargetPct: h.reductionTargetPct, measures: '基坑土方场内回填，工程垃圾分类后送资源化利用厂', transporterIds: [transporter.id], siteIds: sites.map((s) => s.id) });
    await decidePlan(db, await actor(h.approver), plan.id, true, '');
    const [truck] = await db.select().from(vehicles).where(eq(vehicles.organisationId, transporter.id)).limit(1);
    const [driver] = await db.select().from(drivers).where(inArray(drivers.organisationId, [transporter.id])).limit(1);
    for (const load of h.loads) {
      const destination = siteOf(load.to);
      const m = await createManifest(db, site, { projectId: project.id, wasteCode: load.code, declaredWeightT: load.t, siteId: destination.id, batchIds: [], transporterIds: [transporter.id],
        vehicleId: truck.id, driverId: driver.id, plannedDate: shanghaiDate(momentOf(now, load.daysAgo, 8, 12)) }, 'construction');
      await signManifest(db, site, m.id, { action: 'sign_emission', at: momentOf(now, load.daysAgo, 8, 12) });
      await signManifest(db, await actor(h.driver), m.id, { action: 'sign_transport', data: { pickupWeightT: load.t }, at: momentOf(now, load.daysAgo, 9, 12) });
      await signManifest(db, await actor(h.receiver), m.id, { action: 'sign_reception', at: momentOf(now, load.daysAgo, 10, 12),
        data: { receptionOutcome: 'accepted', receivedWeightT: Math.round((load.t - 0.1) * 10) / 10, treatmentMethod: load.to === 'recycling' ? '破碎筛分制再生骨料' : '分层填埋压实' } });
      count++;
    }
  }
  return `${HISTORIES.length} projects, ${count} truckloads`;
}
