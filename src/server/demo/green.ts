import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { insertOrganisation } from '../platform/organisations/service';
import { createToken } from '../platform/accounts/tokens';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { registerFacility } from '../household/facilities';
import { insertHousehold, newQrToken } from '../green/service';
import { sweepExpired } from '../green/points';
import { drawPlan, expiryOf, pointsFor, rulesFrom, type Grade } from '../../domain/green';
import type { HouseholdClass } from '../../domain/household';
import { demoActors } from './actors';
import { demoCreditCode } from './seed';
import { randomFrom } from './calendar';

// 临清's residents' green accounts (绿色账户, ADR 0006), as a community collection-station company runs
// them in four communities of 青年路街道:
// - 临清市绿邻社区回收服务有限公司 (capability collection_station) and its collector, station.demo
//   (赵桂兰), who records and grades deliveries and hands over goods; its smart bins post with a
//   green:write token;
// - two collection points (定时定点收集房) with their opening hours, registered by urban management;
// - about 400 households with cards, three months of deliveries (participation from about half to
//   four in five households a month, accuracy from about three in five to four in five deliveries
//   graded 优/良), points by the default rules, some redemptions;
// - resident.demo (李阿姨, 运河花园) with a longer history: points earned 13–14 months ago, partly
//   redeemed, the rest lapsed at 12 months (an expire entry, written by the real sweep).
// Bulk history is written in a few statements (about 8,000 deliveries); what a user would do once
// (the company, the points, the resident's account) goes through the services with its audit rows.

const DAY = 86_400_000;
const TOWN = '371581001';
const COMMUNITIES: { name: string; households: number; participation: number; accuracy: number; point: 0 | 1 }[] = [
  { name: '运河花园', households: 120, participation: 0.82, accuracy: 0.82, point: 0 },
  { name: '青年里小区', households: 90, participation: 0.66, accuracy: 0.74, point: 0 },
  { name: '大众小区', households: 110, participation: 0.72, accuracy: 0.7, point: 1 },
  { name: '鳌头矶小区', households: 80, participation: 0.56, accuracy: 0.6, point: 1 },
];
const CLASSES: [HouseholdClass, number, [number, number]][] = [['kitchen', 0.5, [0.4, 2.2]], ['other', 0.28, [0.5, 3]], ['recyclable', 0.19, [1, 6]], ['hazardous', 0.03, [0.1, 0.5]]];
const GOODS: [string, number][] = [['垃圾袋（1卷）', 10], ['肥皂（2块）', 20], ['洗衣液（1瓶）', 50], ['食用油（1桶 1.8L）', 120]];
const BUILDINGS = 12;

type Entry = { id: string; household: string; region: string; kind: 'earn' | 'redeem'; points: number; at: Date; expiresAt?: Date; deliveryId?: string; goods?: string; quantity?: number; facilityId?: string; by: string };

export async function seedGreen(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  const started = Date.now();
  const actor = demoActors(db);
  const urban = await actor('urban.linqing');
  const seed: AuditContext = { actor: null, actorLabel: 'demo-seed' };
  const rand = randomFrom(15_2026);
  const rules = rulesFrom({});

  // The company and its collector.
  const company = await db.transaction(async (tx) => {
    const org = await insertOrganisation(tx, seed, {
      kind: 'enterprise', name: '临清市绿邻社区回收服务有限公司', creditCode: demoCreditCode('enterprise', TOWN, 815), regionCode: TOWN, capabilities: ['collection_station'],
      industry: '再生资源回收（社区回收站点）', address: '临清市青年路街道运河花园南门', longitude: 115.7041, latitude: 36.8462, contactName: '赵桂兰', contactPhone: '0635-2316615', status: 'verified',
    });
    const [user] = await tx.insert(users).values({ username: 'station.demo', passwordHash, displayName: '赵桂兰（绿邻回收 收集员）', role: 'enterprise_admin', organisationId: org.id, regionCode: TOWN })
      .returning({ id: users.id, username: users.username, role: users.role });
    await recordAudit(tx, seed, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: TOWN, organisationId: org.id, after: user });
    return org;
  });
  const station = await actor('station.demo');
  const binToken = await createToken(db, station, company.id, { name: '运河花园智能回收箱', scopes: ['green:write'], expiresAt: new Date(now.getTime() + 365 * DAY) });
  const binLabel = `token:${binToken.prefix}`;

  // Its two collection rooms, as urban management registers them.
  const classes: HouseholdClass[] = ['recyclable', 'hazardous', 'kitchen', 'other'];
  const points = [
    await registerFacility(db, urban, { regionCode: TOWN, kind: 'collection_point', name: '运河花园垃圾分类收集房', address: '临清市青年路街道运河花园南门东侧', longitude: 115.7046, latitude: 36.8459,
      classes, opensAt: '06:30', closesAt: '20:30', operatorId: company.id }),
    await registerFacility(db, urban, { regionCode: TOWN, kind: 'collection_point', name: '大众小区垃圾分类收集房', address: '临清市青年路街道大众小区3号楼北', longitude: 115.7098, latitude: 36.8421,
      classes, opensAt: '07:00', closesAt: '19:00', operatorId: company.id }),
  ];

  // Households: resident.demo's through the service (with its audit row), the others in one statement per community.
  const places = new Map((await db.execute<{ id: string; name: string; region_code: string }>(sql`SELECT id, name, region_code FROM household_places WHERE region_code = ${TOWN} AND kind = 'community'`)).rows.map((p) => [p.name, p]));
  const mine = await db.transaction((tx) => insertHousehold(tx, urban, { placeId: places.get('运河花园')!.id, address: '运河花园3号楼2单元401', cardNo: 'LQ10401', residentUsername: 'resident.demo' }));
  const households: { id: string; region: string; place: string; community: (typeof COMMUNITIES)[number] }[] = [];
  for (const [ci, c] of COMMUNITIES.entries()) {
    const place = places.get(c.name);
    if (!place) throw new Error(`demo community ${c.name} is missing`);
    const rows = Array.from({ length: c.households }, (_, i) => ({
      address: `${c.name}${(i % BUILDINGS) + 1}号楼${Math.floor(i / BUILDINGS / 4) + 1}单元${(Math.floor(i / BUILDINGS) % 4) + 1}0${(i % 2) + 1}`,
      cardNo: `LQ${ci + 1}${String(i + 1).padStart(4, '0')}`, qr: newQrToken(),
    })).filter((r) => r.cardNo !== mine.cardNo);
    const made = (await db.execute<{ id: string }>(sql`
      INSERT INTO green_households (region_code, county_code, place_id, address, card_no, qr_token, created_by, created_at)
      SELECT ${TOWN}, ${TOWN.slice(0, 6)}, ${place.id}, address, card_no, qr, ${urban.actor.userId}, ${new Date(now.getTime() - 100 * DAY).toISOString()}::timestamptz
      FROM unnest(${sql.param(rows.map((r) => r.address))}::text[], ${sql.param(rows.map((r) => r.cardNo))}::text[], ${sql.param(rows.map((r) => r.qr))}::text[]) AS x(address, card_no, qr) RETURNING id`)).rows;
    households.push(...made.map((m) => ({ id: m.id, region: TOWN, place: place.id, community: c })));
  }
  await recordAudit(db, urban, { action: 'green.household.register', entityType: 'green_household', entityId: `${TOWN}:demo`, regionCode: TOWN, after: { households: households.length, by: 'demo import' } });
  households.push({ id: mine.id, region: TOWN, place: mine.placeId, community: COMMUNITIES[0] });

  // Three months of deliveries: an active household brings something on about a third of the days, in the collection hours.
  const deliveries: { id: string; household: string; place: string; facility: string; wasteClass: HouseholdClass; weightKg: number | null; at: Date; by: string; grade: Grade | null }[] = [];
  const pick = <R extends [unknown, number, ...unknown[]]>(table: R[]) => { let r = rand(); for (const row of table) { r -= row[1]; if (r <= 0) return row; } return table[0]; };
  for (const h of households) {
    const active = h.id === mine.id || rand() < h.community.participation;
    if (!active) continue;
    const often = h.id === mine.id ? 0.5 : 0.15 + rand() * 0.35;
    for (let day = 91; day >= 0; day--) {
      if (rand() > often) continue;
      const hour = rand() < 0.55 ? 7 + rand() * 1.8 : 17.6 + rand() * 2.5;
      const date = new Date(`${new Date(now.getTime() + 8 * 3_600_000 - day * DAY).toISOString().slice(0, 10)}T00:00:00+08:00`);
      const at = new Date(date.getTime() + hour * 3_600_000);
      if (at.getTime() > now.getTime() - 20 * 60_000) continue;
      const [wasteClass, , [lo, hi]] = pick(CLASSES);
      const weighed = rand() < 0.7;
      // Graded by the collector the same day; today's last few wait for her.
      const graded = at.getTime() < now.getTime() - 3 * 3_600_000 ? rand() < 0.94 : false;
      const a = h.community.accuracy;
      const grade: Grade | null = !graded ? null : (() => { const r = rand(); return r < a * 0.62 ? 'A' : r < a ? 'B' : r < a + (1 - a) * 0.6 ? 'C' : 'D'; })();
      deliveries.push({ id: randomUUID(), household: h.id, place: h.place, facility: points[h.community.point].id, wasteClass, weightKg: weighed ? Math.round((lo + rand() * (hi - lo)) * 100) / 100 : null,
        at, by: weighed && wasteClass !== 'hazardous' && rand() < 0.5 ? binLabel : 'user:station.demo', grade });
    }
  }
  // resident.demo opened his account 14 months ago: what he earned then lapsed at 12 months, less one redemption.
  const early = [425, 418, 411, 404, 397, 390].map((d, i) => ({ id: randomUUID(), household: mine.id, place: mine.placeId, facility: points[0].id, wasteClass: (['kitchen', 'recyclable', 'other'] as const)[i % 3],
    weightKg: [1.2, 3.4, 1.8, 0.9, 4.1, 2.2][i], at: new Date(now.getTime() - d * DAY), by: 'user:station.demo', grade: (['A', 'A', 'B', 'A', 'B', 'A'] as const)[i] }));
  deliveries.push(...early);

  // Points: an earn entry per graded delivery (minutes after it), and redemptions drawing earliest-expiring first.
  const entries: Entry[] = [];
  const byHousehold = new Map<string, Entry[]>();
  for (const d of deliveries) {
    if (!d.grade) continue;
    const earned = pointsFor(rules, { wasteClass: d.wasteClass, weightKg: d.weightKg, grade: d.grade });
    if (!earned) continue;
    const at = new Date(d.at.getTime() + 25 * 60_000);
    const e: Entry = { id: randomUUID(), household: d.household, region: TOWN, kind: 'earn', points: earned, at, expiresAt: expiryOf(at, rules.expiryMonths), deliveryId: d.id, by: d.by };
    entries.push(e);
    byHousehold.set(d.household, [...(byHousehold.get(d.household) ?? []), e]);
  }
  const draws: { entry: string; earn: string; points: number }[] = [];
  const redeem = (household: string, at: Date, goods: string, quantity: number, cost: number) => {
    const earns = (byHousehold.get(household) ?? []).filter((e) => e.at < at);
    const used = new Map<string, number>();
    for (const dr of draws) used.set(dr.earn, (used.get(dr.earn) ?? 0) + dr.points);
    const plan = drawPlan(earns.map((e) => ({ id: e.id, remaining: e.points - (used.get(e.id) ?? 0), expiresAt: e.expiresAt!, at: e.at })), cost, at);
    if (!plan) return false;
    const id = randomUUID();
    entries.push({ id, household, region: TOWN, kind: 'redeem', points: -cost, at, goods, quantity, facilityId: points[0].id, by: 'user:station.demo' });
    draws.push(...plan.map((p) => ({ entry: id, earn: p.earnId, points: p.points })));
    return true;
  };
  redeem(mine.id, new Date(now.getTime() - 380 * DAY), GOODS[0][0], 1, GOODS[0][1]);
  redeem(mine.id, new Date(now.getTime() - 20 * DAY), GOODS[1][0], 1, GOODS[1][1]);
  let redemptions = 2;
  // About one household in eight has exchanged something in the last month.
  for (const h of households) {
    if (h.id === mine.id || rand() > 0.13) continue;
    const [goods, cost] = GOODS[Math.floor(rand() * 3)];
    if (redeem(h.id, new Date(now.getTime() - (2 + rand() * 28) * DAY), goods, 1, cost)) redemptions++;
  }

  await db.transaction(async (tx) => {
    for (let i = 0; i < deliveries.length; i += 4000) {
      const part = deliveries.slice(i, i + 4000);
      const col = <K extends keyof (typeof part)[number]>(k: K) => sql.param(part.map((d) => d[k] ?? null));
      await tx.execute(sql`INSERT INTO green_deliveries (id, region_code, household_id, place_id, facility_id, waste_class, weight_kg, delivered_at, recorded_by)
        SELECT id, ${TOWN}, household_id, place_id, facility_id, waste_class, weight_kg, delivered_at, recorded_by FROM unnest(${col('id')}::uuid[], ${col('household')}::uuid[], ${col('place')}::uuid[], ${col('facility')}::uuid[],
          ${col('wasteClass')}::text[], ${col('weightKg')}::numeric[], ${sql.param(part.map((d) => d.at.toISOString()))}::timestamptz[], ${col('by')}::text[]) AS x(id, household_id, place_id, facility_id, waste_class, weight_kg, delivered_at, recorded_by)`);
      const graded = part.filter((d) => d.grade);
      await tx.execute(sql`INSERT INTO green_grades (delivery_id, place_id, grade, delivered_at, graded_by, graded_at)
        SELECT * FROM unnest(${sql.param(graded.map((d) => d.id))}::uuid[], ${sql.param(graded.map((d) => d.place))}::uuid[], ${sql.param(graded.map((d) => d.grade))}::text[],
          ${sql.param(graded.map((d) => d.at.toISOString()))}::timestamptz[], ${sql.param(graded.map((d) => d.by))}::text[], ${sql.param(graded.map((d) => new Date(d.at.getTime() + 25 * 60_000).toISOString()))}::timestamptz[])`);
    }
    for (let i = 0; i < entries.length; i += 4000) {
      const part = entries.slice(i, i + 4000);
      const col = <K extends keyof Entry>(k: K) => sql.param(part.map((e) => (e[k] instanceof Date ? (e[k] as Date).toISOString() : e[k] ?? null)));
      await tx.execute(sql`INSERT INTO green_points (id, household_id, region_code, kind, points, at, expires_at, delivery_id, goods, quantity, facility_id, recorded_by)
        SELECT * FROM unnest(${col('id')}::uuid[], ${col('household')}::uuid[], ${col('region')}::text[], ${col('kind')}::text[], ${col('points')}::int[], ${col('at')}::timestamptz[], ${col('expiresAt')}::timestamptz[],
          ${col('deliveryId')}::uuid[], ${col('goods')}::text[], ${col('quantity')}::int[], ${col('facilityId')}::uuid[], ${col('by')}::text[])`);
    }
    await tx.execute(sql`INSERT INTO green_point_draws (entry_id, earn_id, points)
      SELECT * FROM unnest(${sql.param(draws.map((d) => d.entry))}::uuid[], ${sql.param(draws.map((d) => d.earn))}::uuid[], ${sql.param(draws.map((d) => d.points))}::int[])`);
    // What lapsed: the real sweep writes the expire entries (resident.demo's points of 14 months ago).
    await sweepExpired(tx, now);
  });
  return `${households.length} households in ${COMMUNITIES.length} communities, 2 collection points (station.demo), ${deliveries.length} deliveries, ${entries.filter((e) => e.kind === 'earn').length} awards, ${redemptions} redemptions (${Date.now() - started} ms)`;
}
