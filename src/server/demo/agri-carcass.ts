import { eq, inArray, sql } from 'drizzle-orm';
import crypto from 'node:crypto';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { ingestPositions, type Point } from '../telemetry/service';
import { runRule } from '../alarms/engine';
import { ruleByKey } from '../alarms/rules';
import { carcassReports, carcassRounds, carcassRoundStops } from '../carcass/schema';
import { fileReport, planRound, signPickup } from '../carcass/service';
import { carcassFormulas } from '../carcass/formulas';
import { CARCASS_CODE, CARCASS_SPECIES } from '../../domain/agri/carcass';
import { shanghaiDate } from '../../domain/labels';
import type { Role } from '../../domain/enums';
import type { Load, NewManifest, Parties } from '../manifests/hooks';
import { demoActors } from './actors';
import { HistoryWriter } from './history';
import { addDays, at, randomFrom, weekday } from './calendar';
import { FARMS, AGRI_RECEIVERS, type DemoFarm, type DemoSpecies } from './agri-cast';

// The demo's 病死畜禽 in 临清 (issue 16). 临清市病死畜禽无害化处理中心 (carcass.demo) collects with two sealed
// vehicles; 吴师傅 (driver.carcass) drives the rounds. Since January of last year each farm's month of
// deaths is one report collected and treated by 化制 (a compact history; a few loads in snow or flood
// weeks were buried in an emergency, which is not centralised treatment); the last month has real
// rounds on Mondays, Wednesdays and Fridays, two to five stops each, with 松林镇's station reporting
// for scattered households. Today a round is on the road with its GPS track (two stops picked up,
// one to go), 鑫旺 (farm.demo) has just reported piglets that wait for the next round, and a
// household's report of yesterday morning is past the 24 hours: carcass_not_collected is raised.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };
const MINUTE = 60_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Deaths per month as a share of the stock, and what a dead animal of the herd weighs on average (kg). */
const MORTALITY: Record<DemoSpecies, { monthly: number; kg: number; species: string }> = {
  pig: { monthly: 0.009, kg: 45, species: 'pig' }, dairy_cattle: { monthly: 0.002, kg: 450, species: 'dairy_cattle' }, beef_cattle: { monthly: 0.002, kg: 380, species: 'beef_cattle' },
  sheep: { monthly: 0.006, kg: 35, species: 'sheep' }, layer: { monthly: 0.008, kg: 1.6, species: 'layer' }, broiler: { monthly: 0.02, kg: 1.8, species: 'broiler' }, duck: { monthly: 0.015, kg: 2.2, species: 'duck' },
};

const HOUSEHOLDS = [
  { name: '王秀英', village: '后松林村' }, { name: '李长河', village: '前松林村' }, { name: '张玉兰', village: '东街村' }, { name: '刘德顺', village: '西街村' }, { name: '赵凤芝', village: '南关村' },
];

const loginOf = (f: DemoFarm) => (f.key === 'farm01' ? 'farm.demo' : `${f.key}.carcass`);

export async function seedCarcass(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  const names = [...FARMS.map((f) => f.name), AGRI_RECEIVERS.find((r) => r.key === 'carcassplant')!.name];
  const orgs = await db.select().from(organisations).where(inArray(organisations.name, names));
  const orgOf = (name: string) => orgs.find((o) => o.name === name)!;
  const plant = orgOf(AGRI_RECEIVERS.find((r) => r.key === 'carcassplant')!.name);
  const farmOrg = new Map(FARMS.map((f) => [f.key, orgOf(f.name)]));

  // The farms' reporting logins (鑫旺 has farm.demo), the plant's two vehicles and its drivers.
  // Registered when the farms joined the platform, before their first report of last January.
  const registered = at(`${Number(shanghaiDate(now).slice(0, 4)) - 1}-01-02`, 9);
  const { truck, small, wu } = await db.transaction(async (tx) => {
    for (const f of FARMS.filter((x) => x.key !== 'farm01')) {
      const o = farmOrg.get(f.key)!;
      const [u] = await tx.insert(users).values({ username: loginOf(f), passwordHash, displayName: `${f.name.replace('临清市', '')} 防疫员`, role: 'enterprise_admin' as Role, organisationId: o.id, regionCode: o.regionCode, createdAt: registered })
        .returning({ id: users.id, username: users.username, role: users.role });
      await recordAudit(tx, SEED, { action: 'user.create', entityType: 'user', entityId: u.id, regionCode: o.regionCode, organisationId: o.id, after: u });
    }
    const [truck, small] = await tx.insert(vehicles).values([
      { organisationId: plant.id, plate: '鲁PB7361', vehicleType: '病死畜禽专用密闭冷藏收集车（北斗/GPS）', loadT: 5 },
      { organisationId: plant.id, plate: '鲁PB7362', vehicleType: '病死畜禽专用密闭收集车（北斗/GPS）', loadT: 2 },
    ]).returning();
    const [driverUser] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'driver.carcass'));
    const [wu] = await tx.insert(drivers).values([
      { organisationId: plant.id, name: '吴建军', phone: '13806352417', licenceNo: '371581198203150033', userId: driverUser.id },
      { organisationId: plant.id, name: '孙海涛', phone: '13563561208', licenceNo: '371581199010280017' },
    ]).returning();
    return { truck, small, wu };
  });

  const actor = demoActors(db);
  const plantCtx = await actor('carcass.demo'), driverCtx = await actor('driver.carcass'), stationCtx = await actor('agri.songlin');
  const station = (await db.select().from(organisations).where(eq(organisations.id, stationCtx.actor.organisationId!)))[0];
  const today = shanghaiDate(now);
  const monthFrom = addDays(today, -30);
  const random = randomFrom(Number(today.replaceAll('-', '')) + 16);
  const w = new HistoryWriter();
  const reports: (typeof carcassReports.$inferInsert & { id: string })[] = [];
  const rounds: (typeof carcassRounds.$inferInsert & { id: string })[] = [];
  const stops: (typeof carcassRoundStops.$inferInsert)[] = [];
  const parties: Parties = { receiver: plant, transporterIds: [plant.id], vehicle: null, driver: null };
  let buried = 0, counted = 0;

  /** One report and its manifest, collected and treated, written by the history writer. */
  const history = async (r: { farm?: DemoFarm; household?: { name: string; village: string }; species: string; head: number; weightKg: number; day: string; hour: number; roundId?: string; seq?: number; vehicle?: typeof truck }) => {
    const id = crypto.randomUUID();
    const reportedAt = at(r.day, r.hour - 1);
    const farm = r.farm ? farmOrg.get(r.farm.key)! : null;
    const regionCode = farm?.regionCode ?? station.regionCode;
    const reporter = r.farm ? await actor(loginOf(r.farm)) : stationCtx;
    reports.push({ id, regionCode, farmId: farm?.id ?? null, filedByOrgId: farm?.id ?? station.id, householdName: r.household?.name ?? null, village: r.household?.village ?? null,
      species: r.species, head: r.head, weightKg: r.weightKg, cause: random() < 0.8 ? 'non_disease' : 'unknown', diedOn: addDays(r.day, random() < 0.5 ? -1 : 0), location: r.household ? `${r.household.village}${r.household.name}家` : '场内无害化暂存间',
      longitude: farm ? farm.longitude : null, latitude: farm ? farm.latitude : null, contact: '', reportedBy: reporter.actor.userId!, reportedAt });
    const species = CARCASS_SPECIES.find((s) => s.value === r.species)!;
    const producerCtx = farm ? reporter : plantCtx;
    const producer = farm ?? plant;
    const load: Load = { wasteCode: CARCASS_CODE, wasteName: `病死畜禽（${species.zh}）`, physicalForm: '固态（动物尸体）', declaredWeightT: Math.max(0.0005, Math.round(r.weightKg * 10) / 10_000), batches: [], held: new Map(),
      extra: { reportId: id, species: r.species, reportedHead: r.head, cause: 'non_disease', source: farm ? farm.name : `散户 ${r.household!.name}（${r.household!.village}）`, townCode: regionCode } };
    const input: NewManifest = { reportId: id, batchIds: [], transporterIds: [plant.id], plannedDate: r.day };
    const m = w.manifest(producerCtx, 'carcass', producer, input, parties, reportedAt, { load });
    w.sign(producerCtx, m, 'sign_emission', new Date(reportedAt.getTime() + 5 * MINUTE));
    const vehicle = r.vehicle ?? (r.weightKg > 800 ? truck : small);
    if (r.roundId) m.data = { ...m.data, roundId: r.roundId, vehicleId: vehicle.id, driverName: wu.name };
    const pickedAt = at(r.day, r.hour + (r.seq ?? 0) * 0.7);
    const pickupHead = r.head;
    const pickupKg = round1(r.weightKg * (0.92 + random() * 0.12));
    w.sign(driverCtx, m, 'sign_transport', pickedAt, { vehiclePlate: vehicle.plate, pickupHead, pickupWeightT: Math.max(0.0005, Math.round(pickupKg * 10) / 10_000), handedOverBy: r.household ? r.household.name : '场内防疫员' });
    // Loads of a flooded or snowed-in week went into an emergency pit (深埋); the rest were rendered (化制).
    counted += r.head;
    const bury = !r.roundId && random() < 0.12 && buried + r.head <= 0.035 * counted;
    if (bury) buried += r.head;
    w.sign(plantCtx, m, 'sign_reception', at(r.day, 16), {
      receptionOutcome: 'accepted', receivedWeightT: Math.max(0.0005, Math.round(pickupKg * 0.99 * 10) / 10_000), receivedHead: pickupHead, treatedOn: r.day,
      treatmentMethod: bury ? 'deep_burial' : species.poultry && random() < 0.3 ? 'high_temperature' : 'rendering', ...(bury ? { receptionNote: '道路中断，经农业农村局同意就地深埋（应急）' } : {}),
    });
    return m;
  };

  // The compact history: each farm's month in one report, from January of last year to the month before the rounds.
  const firstMonth = `${Number(today.slice(0, 4)) - 1}-01-01`;
  for (let month = firstMonth; month < monthFrom; month = addDays(`${month.slice(0, 7)}-28`, 5).slice(0, 7) + '-01') {
    for (const [i, f] of FARMS.entries()) {
      const day = [addDays(month, 10 + (i % 15)), addDays(monthFrom, -1)].sort()[0];
      if (day < month) continue;
      const { monthly, kg, species } = MORTALITY[f.species];
      const head = Math.max(1, Math.round(f.stock * monthly * (0.7 + random() * 0.6)));
      await history({ farm: f, species, head, weightKg: round1(head * kg * (0.8 + random() * 0.4)), day, hour: 10 });
    }
    const hh = HOUSEHOLDS[Number(month.slice(5, 7)) % HOUSEHOLDS.length];
    const day = [addDays(month, 8), addDays(monthFrom, -1)].sort()[0];
    if (day >= month) await history({ household: hh, species: 'pig', head: 1 + Math.floor(random() * 3), weightKg: round1(60 + random() * 120), day, hour: 11 });
  }

  // The last month: rounds on Mondays, Wednesdays and Fridays, two to five stops among the pig and poultry farms.
  const collected = FARMS.filter((f) => ['pig', 'layer', 'broiler', 'duck'].includes(f.species));
  let next = 0, roundsDone = 0;
  for (let day = monthFrom; day < today; day = addDays(day, 1)) {
    if (![1, 3, 5].includes(weekday(day))) continue;
    const id = crypto.randomUUID();
    const vehicle = roundsDone % 4 === 3 ? small : truck;
    rounds.push({ id, regionCode: plant.regionCode, plantId: plant.id, vehicleId: vehicle.id, driverId: wu.id, roundDate: day, note: '', createdBy: plantCtx.actor.userId!, createdAt: at(day, 7.5) });
    const n = 2 + Math.floor(random() * 4);
    for (let s = 0; s < n; s++) {
      const household = s === n - 1 && roundsDone % 2 === 0;
      const f = collected[next++ % collected.length];
      const { kg, species } = MORTALITY[f.species];
      const head = household ? 1 + Math.floor(random() * 2) : f.species === 'pig' ? 1 + Math.floor(random() * 8) : 20 + Math.floor(random() * 120);
      const m = await history(household ? { household: HOUSEHOLDS[roundsDone % HOUSEHOLDS.length], species: 'pig', head, weightKg: round1(head * (70 + random() * 50)), day, hour: 9, roundId: id, seq: s, vehicle }
        : { farm: f, species, head, weightKg: round1(head * kg * (0.8 + random() * 0.4)), day, hour: 9, roundId: id, seq: s, vehicle });
      stops.push({ roundId: id, seq: s + 1, reportId: reports[reports.length - 1].id, manifestId: m.id });
    }
    roundsDone++;
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < reports.length; i += 500) await tx.insert(carcassReports).values(reports.slice(i, i + 500));
    await w.flush(tx);
    if (rounds.length) await tx.insert(carcassRounds).values(rounds);
    if (stops.length) await tx.insert(carcassRoundStops).values(stops);
    for (const r of reports) await recordAudit(tx, { actor: null, actorLabel: 'demo-seed' }, { action: 'carcass_report.file', entityType: 'carcass_report', entityId: r.id, regionCode: r.regionCode, organisationId: r.farmId ?? r.filedByOrgId, after: r });
    for (const k of rounds) await recordAudit(tx, { actor: null, actorLabel: 'demo-seed' }, { action: 'carcass_round.plan', entityType: 'carcass_round', entityId: k.id, regionCode: k.regionCode, organisationId: plant.id, after: { ...k, stops: stops.filter((s) => s.roundId === k.id) } });
  });

  // Today, through the services. A household's report of yesterday morning nobody has collected.
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
  const day = (d: Date) => shanghaiDate(d);
  await fileReport(db, stationCtx, { householdName: '王秀英', village: '后松林村', species: 'pig', head: 2, weightKg: 170, cause: 'unknown', diedOn: day(ago(31 * 60)), location: '后松林村王秀英家院内', contact: '13606351178' }, ago(30 * 60));
  // The round on the road: 鑫旺's pigs, a household's sheep, 和顺's broilers.
  const farm01 = FARMS[0], farm29 = FARMS.find((f) => f.key === 'farm29')!;
  const a = await fileReport(db, await actor('farm.demo'), { species: 'pig', head: 3, weightKg: 240, cause: 'non_disease', diedOn: day(ago(6 * 60)), location: '场内无害化暂存间', contact: '13963512208' }, ago(5 * 60));
  const b = await fileReport(db, stationCtx, { householdName: '李长河', village: '前松林村', species: 'sheep', head: 1, weightKg: 32, cause: 'non_disease', diedOn: day(ago(5 * 60)), location: '前松林村李长河羊圈', contact: '13563500917' }, ago(4.5 * 60));
  const c = await fileReport(db, await actor(loginOf(farm29)), { species: 'broiler', head: 120, weightKg: 210, cause: 'non_disease', diedOn: day(ago(5 * 60)), location: '3号鸡舍外暂存点', contact: '13906356650' }, ago(4 * 60));
  await planRound(db, plantCtx, { roundDate: day(ago(3.5 * 60)), vehicleId: truck.id, driverId: wu.id, reportIds: [a.id, b.id, c.id], note: '松林镇线' }, ago(3.5 * 60));
  // 鑫旺's piglets, reported after the round had left: they wait for the next one (not yet late).
  await fileReport(db, await actor('farm.demo'), { species: 'piglet', head: 6, weightKg: 54, cause: 'disease', suspectedNotifiable: false, diedOn: day(ago(3 * 60)), location: '产房外暂存间', contact: '13963512208' }, ago(2.5 * 60));
  const manifestOf = async (reportId: string) => (await db.execute<{ id: string }>(sql`SELECT id FROM manifests WHERE stream = 'carcass' AND data->>'reportId' = ${reportId} AND status <> 'cancelled'`)).rows[0].id;
  await signPickup(db, driverCtx, { manifestId: await manifestOf(a.id), head: 3, weightKg: 232.5, handedOverBy: '张建国', longitude: farmOrg.get('farm01')!.longitude!, latitude: farmOrg.get('farm01')!.latitude!, place: farm01.name }, ago(110));
  await signPickup(db, driverCtx, { manifestId: await manifestOf(b.id), head: 1, weightKg: 30.8, handedOverBy: '李长河', place: '前松林村' }, ago(70));
  // The vehicle's terminal: out of the plant, to 鑫旺, to the village, on towards 和顺.
  const p0: [number, number] = [plant.longitude!, plant.latitude!], p1: [number, number] = [farm01.at[0], farm01.at[1]];
  const p2: [number, number] = [p1[0] + 0.006, p1[1] + 0.008], p3: [number, number] = [farm29.at[0], farm29.at[1]];
  const legs: [[number, number], [number, number], number, number][] = [[p0, p1, 150, 112], [p1, p1, 112, 106], [p1, p2, 106, 72], [p2, p2, 72, 66], [p2, p3, 66, 0]];
  const points: Point[] = [];
  for (const [from, to, startAgo, endAgo] of legs) {
    for (let t = startAgo; t > endAgo; t -= 2) {
      const share = (startAgo - t) / (startAgo - endAgo) * (endAgo === 0 ? 0.6 : 1);
      points.push({ plate: truck.plate, at: ago(t), longitude: Math.round((from[0] + (to[0] - from[0]) * share) * 1e6) / 1e6, latitude: Math.round((from[1] + (to[1] - from[1]) * share) * 1e6) / 1e6, speedKmh: from === to ? 0 : 38 });
    }
  }
  await ingestPositions(db, driverCtx.actor, points, now);
  for (const key of ['carcass_not_collected', 'carcass_off_route', 'carcass_not_received']) await runRule(db, ruleByKey(key)!, now);

  const year = Number(today.slice(0, 4));
  const [formula] = carcassFormulas;
  const figure = async (y: number) => (await formula.compute(db, { regionCode: '371581', year: y, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' })).value;
  return `${reports.length + 5} reports, ${rounds.length + 1} rounds in the last month; 病死畜禽集中无害化处理率 ${await figure(year - 1)} % last year, ${await figure(year)} % this year`;
}

