import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import type { Config } from '../config';
import { makeCreditCode } from '../../domain/credit-code';
import { impliedParent, regionLevelOf } from '../../domain/region-code';
import { CATALOGUES } from '../../domain/enums';
import { users } from '../platform/accounts/schema';
import { drivers, licences, vehicles } from '../platform/organisations/schema';
import { disposalSites } from '../construction/schema';
import { hashPassword } from '../platform/accounts/passwords';
import { parseCsv } from '../http/excel';
import { importRegions, normaliseRegionRows, type RegionRow } from '../platform/regions/service';
import { insertOrganisation } from '../platform/organisations/service';
import { importCatalogue, normaliseEntries, sampleToEntries } from '../catalogues/service';
import { SAMPLE_CATALOGUES } from '../catalogues/samples';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { ACCOUNTS, DEPARTMENTS, ENTERPRISES, SAMPLE_REGIONS } from './linqing';
import { demoContact } from './contacts';
import { DEMO_PLANS, loadDemoPlan } from './plans/load';
import { seedConstructionHistory } from './construction';
import { seedExchange } from './exchange';
import { seedBulkStorage } from './bulk-storage';
import { seedSludgeHistory } from './sludge';
import { seedStatistics } from './statistics';
import { seedRegisters } from './registers';
import { seedDistricts } from './districts';
import { seedYear } from './year';
import { seedLive } from './live';
import { seedProjects } from './projects';
import { seedReports } from './reports';
import { seedHousehold } from './household';
import { seedGreen } from './green';
import { seedKitchen } from './kitchen';
import { seedAgriStraw } from './agri-straw';
import { seedPesticide } from './agri-pesticide';
import { seedCarcass } from './agri-carcass';
import { seedAgriLivestock } from './agri-livestock';
import { seedRecyclingNetwork } from './recycling-network';
import { seedRecyclingReports } from './recycling-reports';
import { seedSurveys } from './surveys';
import { seedInspections } from './inspections';
import { seedCells } from './cells';
import { seedRecyclingLedger } from './recycling-ledger';
import { seedRecyclingBookings } from './recycling-bookings';
import { seedPortal } from './portal';
import { seedComplaints } from './complaints';
import { seedCredit } from './credit';
import { seedOutlines } from './geo/seed';

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };

/** A valid credit code for demo record n: 91 = enterprise, 11 = government organ (机关). */
export function demoCreditCode(kind: 'enterprise' | 'government', regionCode: string, n: number): string {
  // Six characters of n in the code's own alphabet (no I, O, Z, S, V), after the usual MA.
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let rest = '';
  for (let v = n * 7919 + 104729, i = 0; i < 6; i++, v = Math.floor(v / 31)) rest = alphabet[v % 31] + rest;
  const body = `MA${rest}`;
  return makeCreditCode(kind === 'enterprise' ? '91' : '11', regionCode.slice(0, 6), body);
}

function readShared(config: Config, file: string): string | null {
  const full = path.join(config.sharedDataDir, file);
  return fs.existsSync(full) ? fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, '') : null;
}

export async function loadRegions(db: Db, config: Config): Promise<string> {
  const csv = readShared(config, 'shandong_divisions.csv');
  if (csv) {
    const { regions } = normaliseRegionRows(parseCsv(csv));
    await importRegions(db, SEED, regions, 'shandong_divisions.csv');
    return `${regions.length} regions from shandong_divisions.csv`;
  }
  const rows: RegionRow[] = SAMPLE_REGIONS.map((r) => ({ ...r, level: regionLevelOf(r.code)!, parentCode: impliedParent(r.code), statisticalOnly: 0 }));
  await importRegions(db, SEED, rows, 'sample');
  return `${rows.length} sample regions`;
}

export async function loadCatalogues(db: Db, config: Config): Promise<string> {
  const parts: string[] = [];
  for (const kind of CATALOGUES.values) {
    const csv = kind === 'hazardous' ? readShared(config, 'hw_catalog_2021.csv') : null;
    const entries = csv ? normaliseEntries('hazardous', parseCsv(csv)).entries : sampleToEntries(SAMPLE_CATALOGUES[kind].entries);
    const label = csv ? '2021年版' : SAMPLE_CATALOGUES[kind].label;
    await importCatalogue(db, SEED, { catalogue: kind, label, source: csv ? 'hw_catalog_2021.csv' : 'sample', makeCurrent: true, entries });
    parts.push(`${kind} ${entries.length}`);
  }
  return parts.join(', ');
}

/** First start only: regions, catalogues, departments, enterprises and the demo accounts. */
export async function seedDemoCity(db: Db, config: Config, log: (line: string) => void = () => {}): Promise<string | null> {
  const [{ count }] = await db.select({ count: sql<number>`count(*)` }).from(users);
  if (count > 0) return null;
  const regions = await loadRegions(db, config);
  log(`regions: ${regions}`);
  const catalogues = await loadCatalogues(db, config);
  log(`catalogues: ${catalogues}`);
  log(`outlines: ${await seedOutlines(db)}`);
  const passwordHash = await hashPassword(config.demoPassword);
  await db.transaction(async (tx) => {
    const orgIds = new Map<string, { id: string; regionCode: string; domain: string | null }>();
    let n = 1;
    for (const d of DEPARTMENTS) {
      const org = await insertOrganisation(tx, SEED, {
        kind: 'government', name: d.name, creditCode: demoCreditCode('government', d.regionCode, n++), regionCode: d.regionCode, domain: d.domain,
        capabilities: [], address: '', contactName: '', contactPhone: '0635-2311000', status: 'verified',
      });
      orgIds.set(d.key, { id: org.id, regionCode: org.regionCode, domain: org.domain });
    }
    for (const [i, e] of ENTERPRISES.entries()) {
      const org = await insertOrganisation(tx, SEED, {
        kind: 'enterprise', name: e.name, creditCode: demoCreditCode('enterprise', e.regionCode, n++), regionCode: e.regionCode, capabilities: e.capabilities,
        industry: e.industry, address: `${e.name.replace(/有限公司|股份有限公司|集团/g, '')}厂区`, longitude: e.at[0], latitude: e.at[1],
        ...demoContact(i), status: e.status ?? 'verified',
      });
      orgIds.set(e.key, { id: org.id, regionCode: org.regionCode, domain: null });
    }
    const userIds = new Map<string, string>();
    for (const a of ACCOUNTS) {
      const org = orgIds.get(a.organisation)!;
      const [user] = await tx.insert(users).values({
        username: a.username, passwordHash, displayName: a.displayName, role: a.role, organisationId: org.id, regionCode: org.regionCode,
        domain: a.role === 'office' || a.role === 'regulator' || a.role === 'platform_admin' ? org.domain : null,
      }).returning({ id: users.id, username: users.username, role: users.role });
      userIds.set(a.username, user.id);
      await recordAudit(tx, SEED, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: org.regionCode, organisationId: org.id, after: user });
    }
    const [resident] = await tx.insert(users).values({ username: 'resident.demo', passwordHash, displayName: '居民 李阿姨', role: 'resident', regionCode: '371581001' }).returning({ id: users.id });
    await recordAudit(tx, SEED, { action: 'user.create', entityType: 'user', entityId: resident.id, regionCode: '371581001', after: { username: 'resident.demo', role: 'resident' } });

    const transporter = orgIds.get('transporter')!.id;
    await tx.insert(vehicles).values([
      { organisationId: transporter, plate: '鲁P3A721', vehicleType: '厢式危险品运输车', loadT: 8, dgPermitNo: '鲁交运管许可聊字371500001234号' },
      { organisationId: transporter, plate: '鲁P5D208', vehicleType: '罐式危险品运输车', loadT: 15, dgPermitNo: '鲁交运管许可聊字371500001234号' },
    ]);
    // A third truck, whose load is on the road as the demo starts (demo/live.ts) while the tests drive the first two.
    await tx.insert(vehicles).values({ organisationId: transporter, plate: '鲁P6F390', vehicleType: '厢式危险品运输车', loadT: 10, dgPermitNo: '鲁交运管许可聊字371500001234号' });
    await tx.insert(drivers).values([
      { organisationId: transporter, name: '陈建军', phone: '13806351234', licenceNo: '371581198203150017', qualificationNo: 'WX3715002019001', userId: userIds.get('driver.demo')! },
      { organisationId: transporter, name: '马海涛', phone: '13906355678', licenceNo: '371581198511020035', qualificationNo: 'WX3715002020017' },
    ]);
    await tx.insert(licences).values([
      { organisationId: orgIds.get('receiver')!.id, number: '鲁危证37158100012', validFrom: '2024-01-01', validTo: '2028-12-31',
        wasteCodes: ['900-041-49', '900-039-49', '900-249-08', '900-214-08', '900-252-12', '336-064-17', '900-402-06', '900-003-04'], annualCapacityT: 30000 },
      { organisationId: orgIds.get('medwaste')!.id, number: '鲁危证37158100021', validFrom: '2023-06-01', validTo: '2027-05-31',
        wasteCodes: ['841-001-01', '841-002-01', '841-003-01', '841-004-01', '841-005-01'], annualCapacityT: 3650 },
      // 危险废物收集经营许可证 (medical waste): collects and stores, treats nothing itself.
      { organisationId: orgIds.get('medcollector')!.id, number: '鲁危收证37158100003', validFrom: '2024-03-01', validTo: '2029-02-28',
        wasteCodes: ['841-001-01', '841-002-01', '841-003-01', '841-004-01', '841-005-01'], annualCapacityT: 400 },
    ]);
    const collector = orgIds.get('medcollector')!.id;
    await tx.insert(vehicles).values({ organisationId: collector, plate: '鲁P7Y316', vehicleType: '医疗废物专用转运车', loadT: 3, dgPermitNo: '鲁交运管许可聊字371500004512号' });
    // 建筑垃圾: the muck-transport company's trucks and the two places loads may go.
    const muck = orgIds.get('muck')!.id;
    await tx.insert(vehicles).values([
      { organisationId: muck, plate: '鲁P2Z581', vehicleType: '重型自卸货车（渣土车）', loadT: 18 },
      { organisationId: muck, plate: '鲁P2Z597', vehicleType: '重型自卸货车（渣土车）', loadT: 18 },
    ]);
    await tx.insert(vehicles).values({ organisationId: muck, plate: '鲁P2Z613', vehicleType: '重型自卸货车（渣土车）', loadT: 18 });
    await tx.insert(drivers).values({ organisationId: muck, name: '何长海', phone: '13563528866', licenceNo: '371581198405210019', userId: userIds.get('driver.muck')! });
    const cwrecycle = orgIds.get('cwrecycle')!;
    await tx.insert(disposalSites).values([
      { organisationId: cwrecycle.id, regionCode: cwrecycle.regionCode, name: '临清市建筑垃圾资源化利用厂', kind: 'recycling', longitude: 115.735, latitude: 36.815, capacityT: 300_000, openingFillT: 0, accepts: ['CW03', 'CW04', 'CW05'] },
      { organisationId: cwrecycle.id, regionCode: cwrecycle.regionCode, name: '临清市城区建筑垃圾临时消纳场', kind: 'consumption', longitude: 115.69, latitude: 36.86, capacityT: 120_000, openingFillT: 86_500, accepts: ['CW01', 'CW02', 'CW03'] },
    ]);
    const tqPlant = orgIds.get('tq-cwplant')!;
    await tx.insert(vehicles).values({ organisationId: tqPlant.id, plate: '鲁A8C326', vehicleType: '重型自卸货车（渣土车）', loadT: 20 });
    await tx.insert(drivers).values({ organisationId: tqPlant.id, name: '邢国栋', phone: '13969125530', licenceNo: '370105198611080052' });
    await tx.insert(disposalSites).values([
      { organisationId: tqPlant.id, regionCode: tqPlant.regionCode, name: '天桥区建筑垃圾资源化处置中心', kind: 'recycling', longitude: 116.96, latitude: 36.74, capacityT: 500_000, openingFillT: 0, accepts: ['CW03', 'CW04', 'CW05'] },
      { organisationId: tqPlant.id, regionCode: tqPlant.regionCode, name: '天桥区桑梓店建筑垃圾消纳场', kind: 'consumption', longitude: 116.93, latitude: 36.80, capacityT: 200_000, openingFillT: 41_000, accepts: ['CW01', 'CW02', 'CW03'] },
    ]);
    // The disposal centre's own truck, which fetches the hospital's waste twice a week.
    const medwaste = orgIds.get('medwaste')!.id;
    await tx.insert(vehicles).values({ organisationId: medwaste, plate: '鲁P8Y105', vehicleType: '医疗废物专用转运车', loadT: 5, dgPermitNo: '鲁交运管许可聊字371500004687号' });
    await tx.insert(drivers).values({ organisationId: medwaste, name: '王立军', phone: '13863521190', licenceNo: '371581198106230014', qualificationNo: 'WX3715002018026' });
    await tx.insert(drivers).values({ organisationId: collector, name: '高永波', phone: '13706357788', licenceNo: '371581198907120031', qualificationNo: 'WX3715002021044', userId: userIds.get('driver.med')! });
  });
  // The three jurisdictions' indicator tables, task lists and project list, as their documents print them.
  const loaded: string[] = [];
  for (const plan of DEMO_PLANS) {
    const counts = await loadDemoPlan(db, plan, SEED);
    loaded.push(`${plan.regionCode} ${counts.indicators} indicators, ${counts.tasks} tasks${counts.projects ? `, ${counts.projects} projects` : ''}`);
  }
  log(`plans: ${loaded.join('; ')}`);
  log(`project list: ${await seedProjects(db)}`);
  log(`hazardous and industrial year: ${await seedYear(db)}`);
  log(`construction history: ${await seedConstructionHistory(db)}`);
  log(`exchange board: ${await seedExchange(db)}`);
  log(`bulk storage sites: ${await seedBulkStorage(db)}`);
  log(`sewage sludge: ${await seedSludgeHistory(db)}`);
  log(`statistics: ${await seedStatistics(db, passwordHash)}`);
  log(`registers: ${await seedRegisters(db)}`);
  log(`天桥区 and 济宁经开区: ${await seedDistricts(db, passwordHash)}`);
  log(`household waste: ${await seedHousehold(db, passwordHash)}`);
  log(`green accounts: ${await seedGreen(db, passwordHash)}`);
  log(`recycling network: ${await seedRecyclingNetwork(db)}`);
  log(`recycling stations' ledgers: ${await seedRecyclingLedger(db)}`);
  log(`recycling pickups: ${await seedRecyclingBookings(db, passwordHash)}`);
  log(`complaints and reports: ${await seedComplaints(db, config)}`);
  log(`kitchen waste: ${await seedKitchen(db, passwordHash)}`);
  log(`straw and farm film: ${await seedAgriStraw(db)}`);
  log(`pesticide packaging and farm inputs: ${await seedPesticide(db)}`);
  log(`livestock farms and manure: ${await seedAgriLivestock(db, passwordHash)}`);
  // 问卷调查 (issue 18) before the reported values: rows 43–45 are computed from its answers.
  log(`surveys: ${await seedSurveys(db)}`);
  log(`reported values: ${await seedReports(db)}`);
  log(`today: ${await seedLive(db)}`);
  log(`dead livestock: ${await seedCarcass(db, passwordHash)}`);
  log(`recycling reports and 无废商场: ${await seedRecyclingReports(db, passwordHash)}`);
  log(`public portal: ${await seedPortal(db)}`);
  log(`双随机抽查 and enforcement cases: ${await seedInspections(db)}`);
  // After the manifests, alarms and declarations above: the credit sweep reads them.
  log(`enterprise credit: ${await seedCredit(db)}`);
  log(`zero-waste cells: ${await seedCells(db)}`);
  return `${DEPARTMENTS.length} departments, ${ENTERPRISES.length} enterprises, ${ACCOUNTS.length + 1} accounts, ${DEMO_PLANS.length} plans`;
}
