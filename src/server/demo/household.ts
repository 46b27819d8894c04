import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { vehicles } from '../platform/organisations/schema';
import { insertOrganisation } from '../platform/organisations/service';
import { loadActorByUserId } from '../platform/accounts/service';
import { createToken } from '../platform/accounts/tokens';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { registerCollectionVehicle, registerFacility, registerRoute, type NewFacility } from '../household/facilities';
import { ingestTickets, type TicketInput } from '../household/weighbridge';
import { TOWN_AT, TOWN_NAMES } from './towns';
import type { PlaceStatus } from '../household/service';
import type { HouseholdClass, TicketClass } from '../../domain/household';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { demoActors } from './actors';
import { demoCreditCode } from './seed';
import { addDays, randomFrom } from './calendar';
import { insertPlaces, stream, writeTickets, type DemoPlace, type TicketStream } from './household-kit';
import { seedDistrictHousehold } from './household-districts';

// 临清's household waste (生活垃圾, ADR 0006) as the urban-management bureau keeps it on the platform:
// - the sanitation company of the 城乡环卫一体化 contract, its twenty collection trucks by class and
//   its login (hw.demo); it runs the transfer stations, the kitchen-waste plants and the faecal plant;
// - the chain's facilities: four transfer stations in the city (城区至少3处) and one per town, the
//   绿能 waste-to-energy plant (600 t/d, the operator behind wte.demo) and its fly-ash landfill, the
//   100 t/d 餐厨 plant and a village composting station, the recyclables sorting centre (城市矿产分拣中心,
//   sorting.demo), which also takes bulky, renovation and hazardous household waste;
// - thirty-six communities in the four 街道 (about four in five households sorted at all four stages,
//   some since the middle of the year) and forty-eight villages of eight towns (about two in five);
// - routes per class, in villages 户投递、村收集、镇转运、县处理;
// - weighbridge tickets from 1 January to now: about 610 t a day (22.3万吨 a year against the plan's
//   baseline of 22.37万吨), 其他 62 %, 厨余 20 %, 可回收物 14 %, 大件 and 装修 3 %, 有害 0.3 t a day, so
//   生活垃圾回收利用率 is about 34 %.
// Tickets are weighed only where waste is treated or sorted (incineration, kitchen plants, sorting
// centre): a load through a transfer station is weighed once, at the plant, with the town it came
// from and its route, so no tonne is counted twice. This week: mixed waste on a sorted route, a
// truck over its rated load and a truck nobody registered, which the alarm scan (demo/live.ts) raises;
// this month: a correction and a cancellation with their reasons.

const DAY = 86_400_000;
const COUNTY = '371581';
const STREETS = ['371581001', '371581002', '371581003', '371581004'];
const TOWNS = Object.keys(TOWN_NAMES).filter((c) => !STREETS.includes(c));

const COMMUNITIES: Record<string, string[]> = {
  '371581001': ['运河花园', '大众小区', '青年里小区', '鳌头矶小区', '锦绣苑', '康乐花园', '一中家属院', '钞关小区', '新城佳苑'],
  '371581002': ['新华小区', '温泉花园', '御园小区', '华府世家', '银河小区', '桃园新村', '金色家园', '人民路小区', '舍利塔小区'],
  '371581003': ['先锋小区', '碧水蓝天', '电厂宿舍小区', '富源小区', '卫运河畔', '顺河小区', '书香苑', '阳光嘉园', '明珠花园'],
  '371581004': ['大辛庄社区', '鑫城小区', '凤凰城', '翡翠城', '和园', '东城名苑', '盛世华庭', '东方花园', '盛和家园'],
};
const VILLAGE_TOWNS = ['371581103', '371581101', '371581109', '371581104', '371581108', '371581110', '371581102', '371581107'];
const SURNAMES = ['王', '李', '张', '刘', '赵', '孙', '杨', '马', '韩', '郭', '高', '陈'];
const PLACE_WORDS = ['庄', '屯', '官庄', '堤口', '营', '集', '楼', '寨'];
const SIDES = ['前', '后', '东', '西', '南', '北'];

/** 临清市城乡环卫一体化服务有限公司's trucks: plate, class, rated load and tare (t). */
const TRUCKS: { plate: string; wasteClass: TicketClass & HouseholdClass; type: string; loadT: number; tareT: number }[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ plate: `鲁PH${1101 + i}`, wasteClass: 'other' as const, type: i < 6 ? '压缩式垃圾车' : '车厢可卸式垃圾车（勾臂车）', loadT: 14, tareT: 11.6 + (i % 4) * 0.3 })),
  ...Array.from({ length: 3 }, (_, i) => ({ plate: `鲁PH${2101 + i}`, wasteClass: 'kitchen' as const, type: '餐厨垃圾车', loadT: 12, tareT: 12.8 + i * 0.2 })),
  { plate: '鲁PH3101', wasteClass: 'recyclable', type: '厢式可回收物收集车', loadT: 15, tareT: 10.4 },
  { plate: '鲁PH3102', wasteClass: 'recyclable', type: '厢式可回收物收集车', loadT: 15, tareT: 10.6 },
  { plate: '鲁PH4101', wasteClass: 'hazardous', type: '有害垃圾专用收集车', loadT: 2, tareT: 3.2 },
  { plate: '鲁PH5101', wasteClass: 'bulky', type: '大件垃圾收集车', loadT: 12, tareT: 9.8 },
  { plate: '鲁PH5102', wasteClass: 'renovation', type: '装修垃圾自卸车', loadT: 15, tareT: 12.3 },
];

const dayOf = (now: Date, daysAgo: number) => shanghaiDate(new Date(now.getTime() - daysAgo * DAY));

/** The sanitation company, its login and its trucks, as the company registers them. */
async function seedCompany(db: Db, passwordHash: string) {
  const seed: AuditContext = { actor: null, actorLabel: 'demo-seed' };
  return db.transaction(async (tx) => {
    const org = await insertOrganisation(tx, seed, {
      kind: 'enterprise', name: '临清市城乡环卫一体化服务有限公司', creditCode: demoCreditCode('enterprise', '371581002', 800), regionCode: '371581002', capabilities: ['transporter'],
      industry: '环境卫生管理（生活垃圾收运）', address: '临清市新华路街道环卫路8号', longitude: 115.7262, latitude: 36.8289, contactName: '联系人', contactPhone: '0635-2318800', status: 'verified',
    });
    const [user] = await tx.insert(users).values({ username: 'hw.demo', passwordHash, displayName: '吕建华（环卫一体化 调度中心）', role: 'enterprise_admin', organisationId: org.id, regionCode: org.regionCode })
      .returning({ id: users.id, username: users.username, role: users.role });
    await recordAudit(tx, seed, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: org.regionCode, organisationId: org.id, after: user });
    await tx.insert(vehicles).values(TRUCKS.map((t) => ({ organisationId: org.id, plate: t.plate, vehicleType: t.type, loadT: t.loadT })));
    return org;
  });
}

/** Households of a place: between `min` and `max`, in steps of ten. */
const households = (rand: () => number, min: number, max: number) => Math.round((min + rand() * (max - min)) / 10) * 10;

/**
 * The places and their statuses: communities sorted at all four stages until a fifth or so of the
 * households is left out (some sorted at some stages only); a few of the sorted began during the year.
 * Villages: sorted until about two fifths of their households are covered.
 */
function linqingPlaces(year: number, midYear: string): DemoPlace[] {
  const rand = randomFrom(371581);
  const start = `${year}-01-01`;
  const sorted = (asOf: string, n: number, rooms: number, note = ''): PlaceStatus => ({ asOf, households: n, sortedDeposit: true, sortedCollection: true, sortedTransport: true, sortedTreatment: true, collectionRooms: rooms, note });
  const partly = (asOf: string, n: number, stages: number, note: string): PlaceStatus => ({ asOf, households: n, sortedDeposit: stages >= 1, sortedCollection: stages >= 2, sortedTransport: stages >= 3, sortedTreatment: false, collectionRooms: stages >= 1 ? 1 : 0, note });
  const places: DemoPlace[] = [];
  const communities = STREETS.flatMap((town) => COMMUNITIES[town].map((name, i) => ({ town, name, i, n: households(rand, 200, 2500) })));
  const total = communities.reduce((s, c) => s + c.n, 0);
  // Left out, from the third of each street on, until 21 % of households are: older estates without a collection room.
  let left = 0;
  const notSorted = new Set<string>();
  for (const c of [...communities].sort((a, b) => ((a.i * 7 + a.town.charCodeAt(8)) % 9) - ((b.i * 7 + b.town.charCodeAt(8)) % 9))) {
    if (left / total >= 0.21) break;
    if (c.i < 2) continue;
    notSorted.add(c.name);
    left += c.n;
  }
  let changed = 0;
  for (const c of communities) {
    const [lng, lat] = TOWN_AT[c.town];
    const at: [number, number] = [Math.round((lng + (rand() - 0.5) * 0.03) * 1e4) / 1e4, Math.round((lat + (rand() - 0.5) * 0.02) * 1e4) / 1e4];
    const rooms = Math.max(1, Math.round(c.n / 600));
    let statuses: PlaceStatus[];
    if (notSorted.has(c.name)) statuses = [partly(start, c.n, c.i % 3, c.i % 3 ? '已设分类桶，收运尚未分类' : '老旧小区，尚未建设分类收集房')];
    else if (changed < 4 && c.i % 4 === 1) {
      changed++;
      statuses = [partly(start, c.n, 1, '已设分类桶，收运尚未分类'), sorted(midYear, c.n + 20, rooms, '定时定点收集房建成，四分类收运到位')];
    } else statuses = [sorted(start, c.n, rooms)];
    places.push({ regionCode: c.town, kind: 'community', name: c.name, address: `临清市${TOWN_NAMES[c.town]}${c.name}`, at, statuses });
  }
  // Villages: six in each of eight towns; the first two or three of each town sorted (一户一桶, 镇转运).
  for (const [t, town] of VILLAGE_TOWNS.entries()) {
    const names = new Set<string>();
    for (let v = 0; names.size < 6; v++) {
      const side = v % 3 === 0 ? '' : SIDES[(t + v) % SIDES.length];
      names.add(`${side}${SURNAMES[(t * 5 + v * 7) % SURNAMES.length]}${PLACE_WORDS[(t + v * 3) % PLACE_WORDS.length]}村`);
    }
    [...names].forEach((name, v) => {
      const n = households(rand, 150, 900);
      const [lng, lat] = TOWN_AT[town];
      const at: [number, number] = [Math.round((lng + (rand() - 0.5) * 0.08) * 1e4) / 1e4, Math.round((lat + (rand() - 0.5) * 0.06) * 1e4) / 1e4];
      const covered = v < 2 || (v === 2 && t % 2 === 0);
      const statuses = covered
        ? (v === 1 && t < 3 ? [partly(start, n, 2, '一户一桶已配备'), sorted(midYear, n, 1, '镇转运分类到位')] : [sorted(start, n, 1)])
        : [partly(start, n, v === 3 ? 1 : 0, v === 3 ? '一户一桶已配备，村收集尚未分类' : '')];
      places.push({ regionCode: town, kind: 'village', name, address: `临清市${TOWN_NAMES[town]}${name}`, at, statuses });
    });
  }
  return places;
}

export async function seedLinqingHousehold(db: Db, passwordHash: string, now: Date): Promise<string> {
  const actor = demoActors(db);
  const urban = await actor('urban.linqing'), housing = await actor('housing.linqing');
  const year = shanghaiYear(now);
  const today = shanghaiDate(now);
  const first = `${year}-01-01`;
  const midYear = addDays(first, Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY / 2));
  const company = await seedCompany(db, passwordHash);
  const orgIdOf = async (username: string) => (await actor(username)).actor.organisationId!;
  const [wte, sortingOrg] = await Promise.all([orgIdOf('wte.demo'), orgIdOf('sorting.demo')]);

  // The chain's facilities, registered by the urban-management bureau.
  const facility = async (input: NewFacility) => registerFacility(db, urban, input);
  const plant = await facility({ regionCode: '371581107', kind: 'incineration', name: '临清市生活垃圾焚烧发电厂', address: '临清市八岔路镇循环经济产业园', longitude: 115.668, latitude: 36.905,
    capacityTPerDay: 600, classes: ['other'], opensAt: '00:00', closesAt: '24:00', operatorId: wte });
  await facility({ regionCode: '371581107', kind: 'fly_ash_landfill', name: '临清市生活垃圾焚烧飞灰填埋场', address: '临清市八岔路镇循环经济产业园北区', longitude: 115.6615, latitude: 36.9112,
    capacityTPerDay: 40, classes: ['other'], operatorId: wte });
  const kitchenPlant = await facility({ regionCode: '371581107', kind: 'kitchen_plant', name: '临清市餐厨废弃物处理厂', address: '临清市八岔路镇循环经济产业园', longitude: 115.6724, latitude: 36.9013,
    capacityTPerDay: 100, classes: ['kitchen'], opensAt: '05:00', closesAt: '22:00', operatorId: company.id });
  const compost = await facility({ regionCode: '371581103', kind: 'kitchen_plant', name: '临清市农村厨余垃圾资源化处理站', address: '临清市康庄镇驻地东', longitude: 115.8162, latitude: 36.8968,
    capacityTPerDay: 40, classes: ['kitchen'], opensAt: '06:00', closesAt: '18:00', operatorId: company.id });
  const sortingCentre = await facility({ regionCode: '371581108', kind: 'sorting_centre', name: '临清市生活垃圾分类分拣中心', address: '临清市潘庄镇城市矿产分拣园', longitude: 115.7255, latitude: 36.9468,
    capacityTPerDay: 150, classes: ['recyclable', 'hazardous', 'bulky', 'renovation'], opensAt: '07:00', closesAt: '19:00', operatorId: sortingOrg });
  await facility({ regionCode: '371581004', kind: 'faecal_plant', name: '临清市粪便无害化处理厂', address: '临清市大辛庄街道污水处理厂东侧', longitude: 115.7451, latitude: 36.8232,
    capacityTPerDay: 50, classes: ['other'], operatorId: company.id });
  const stations = new Map<string, { id: string; name: string }>();
  const cityStations: [string, string, [number, number]][] = [
    ['371581001', '临清市运河垃圾中转站', [115.7012, 36.8491]], ['371581002', '临清市新华路垃圾中转站', [115.7274, 36.8262]],
    ['371581003', '临清市先锋路垃圾中转站', [115.6921, 36.8603]], ['371581004', '临清市大辛庄垃圾中转站', [115.7612, 36.8331]],
  ];
  for (const [town, name, [longitude, latitude]] of cityStations) {
    stations.set(town, await facility({ regionCode: town, kind: 'transfer_station', name, address: `临清市${TOWN_NAMES[town]}`, longitude, latitude, capacityTPerDay: 150, classes: ['other'], opensAt: '05:00', closesAt: '21:00', operatorId: company.id }));
  }
  for (const town of TOWNS) {
    const [lng, lat] = TOWN_AT[town];
    stations.set(town, await facility({ regionCode: town, kind: 'transfer_station', name: `${TOWN_NAMES[town]}垃圾中转站`, address: `临清市${TOWN_NAMES[town]}驻地`, longitude: Math.round((lng + 0.006) * 1e4) / 1e4,
      latitude: Math.round((lat - 0.004) * 1e4) / 1e4, capacityTPerDay: 50, classes: ['other'], opensAt: '06:00', closesAt: '18:00', operatorId: company.id }));
  }

  // The company's trucks, made collection trucks by class with their tare as weighed empty.
  const trucks = new Map<string, { id: string; plate: string; tareT: number; loadT: number; wasteClass: TicketClass }>();
  for (const t of TRUCKS) {
    const row = await registerCollectionVehicle(db, urban, { plate: t.plate, wasteClass: t.wasteClass, tareT: t.tareT });
    trucks.set(t.plate, { id: row.vehicleId, plate: t.plate, tareT: t.tareT, loadT: t.loadT, wasteClass: t.wasteClass });
  }
  const byClass = (c: TicketClass) => TRUCKS.filter((t) => t.wasteClass === c).map((t) => trucks.get(t.plate)!);

  // Places: communities by urban management, villages by the housing bureau (市住房城乡建设局 leads rural sorting).
  const places = linqingPlaces(year, midYear);
  const communityRows = await insertPlaces(db, urban, places.filter((p) => p.kind === 'community'));
  const villageRows = await insertPlaces(db, housing, places.filter((p) => p.kind === 'village'));

  // Routes. The city's residual waste: six routes, each a truck, by street, to the street's station and on to the plant.
  const routes: { id: string; name: string; wasteClass: HouseholdClass; plates: string[] }[] = [];
  const route = async (ctx: typeof urban, input: Parameters<typeof registerRoute>[2]) => {
    const row = await registerRoute(db, ctx, input);
    routes.push({ id: row.id, name: row.name, wasteClass: input.wasteClass, plates: input.plates });
    return row;
  };
  const [other, kitchen, recyclable] = [byClass('other'), byClass('kitchen'), byClass('recyclable')];
  const cityRoutes: { town: string; name: string; share: number }[] = [
    { town: '371581001', name: '城区其他垃圾一线（运河片区）', share: 0.2 }, { town: '371581001', name: '城区其他垃圾二线（青年路片区）', share: 0.15 },
    { town: '371581002', name: '城区其他垃圾三线（新华路片区）', share: 0.2 }, { town: '371581002', name: '城区其他垃圾四线（温泉片区）', share: 0.15 },
    { town: '371581003', name: '城区其他垃圾五线（先锋路片区）', share: 0.16 }, { town: '371581004', name: '城区其他垃圾六线（大辛庄片区）', share: 0.14 },
  ];
  const streams: TicketStream[] = [];
  const TOKEN: Record<string, string> = {};
  const base = (facilityId: string, prefix: string, truck: { id: string; plate: string; tareT: number; loadT: number }, wasteClass: TicketClass, routeId: string | null, origin: string | null, startHour: number, season: number) =>
    ({ facilityId, prefix, routeId, origin, vehicleId: truck.id, plate: truck.plate, tareT: truck.tareT, loadT: truck.loadT, wasteClass, startHour, season, postedBy: TOKEN[facilityId] });

  // Each operator's weighbridge posts with a token of its own (the secret is not kept: no one needs it on the demo).
  const tokenFor = async (username: string, facilityIds: string[], name: string) => {
    const ctx = await actor(username);
    const made = await createToken(db, ctx, ctx.actor.organisationId!, { name, scopes: ['weighbridge:write'], expiresAt: new Date(now.getTime() + 365 * DAY) });
    for (const id of facilityIds) TOKEN[id] = `token:${made.prefix}`;
    return made;
  };
  const plantToken = await tokenFor('wte.demo', [plant.id], '焚烧发电厂地磅');
  await tokenFor('sorting.demo', [sortingCentre.id], '分拣中心地磅');
  await tokenFor('hw.demo', [kitchenPlant.id, compost.id], '餐厨处理厂地磅');

  const CITY_OTHER_T = 210, VILLAGE_OTHER_T = 171;
  for (const [i, r] of cityRoutes.entries()) {
    const stops = communityRows.filter((c) => c.regionCode === r.town).filter((_, k) => k % 2 === i % 2 || cityRoutes.filter((x) => x.town === r.town).length === 1);
    const row = await route(urban, { regionCode: r.town, name: r.name, kind: 'urban', wasteClass: 'other', plates: [other[i].plate], facilityIds: [stations.get(r.town)!.id, plant.id],
      stops: [...stops.map((s) => ({ name: s.name, placeId: s.id })), { name: stations.get(r.town)!.name }] });
    streams.push(stream(base(plant.id, 'FS', other[i], 'other', row.id, r.town, 5.5, 0.05), CITY_OTHER_T * r.share));
  }
  // Villages: 户投递、村收集、镇转运、县处理. One route a town; each of the other six trucks serves two towns.
  for (const [i, town] of TOWNS.entries()) {
    const truck = other[6 + (i % 6)];
    const villages = villageRows.filter((v) => v.regionCode === town);
    const row = await route(housing, { regionCode: town, name: `${TOWN_NAMES[town]}农村生活垃圾收运线`, kind: 'village', wasteClass: 'other', plates: [truck.plate], facilityIds: [stations.get(town)!.id, plant.id],
      stops: [...(villages.length ? villages.map((v) => ({ name: v.name, placeId: v.id })) : [{ name: `${TOWN_NAMES[town]}各村收集点` }]), { name: stations.get(town)!.name }] });
    streams.push(stream(base(plant.id, 'FS', truck, 'other', row.id, town, i < 6 ? 6 : 10, 0.05), VILLAGE_OTHER_T / TOWNS.length));
  }
  // Kitchen waste: the city's two trucks to the 餐厨 plant by street, the third to the village composting station.
  const cityKitchen = await route(urban, { regionCode: COUNTY, name: '城区厨余垃圾收运线', kind: 'urban', wasteClass: 'kitchen', plates: [kitchen[0].plate, kitchen[1].plate], facilityIds: [kitchenPlant.id],
    stops: communityRows.filter((_, k) => k % 3 === 0).map((c) => ({ name: c.name, placeId: c.id })) });
  const kitchenByStreet = [24, 22, 23, 21];
  STREETS.forEach((town, i) => streams.push(stream(base(kitchenPlant.id, 'CC', kitchen[i < 2 ? 0 : 1], 'kitchen', cityKitchen.id, town, i % 2 ? 13.5 : 5, 0.12), kitchenByStreet[i])));
  const villageKitchen = await route(housing, { regionCode: '371581103', name: '康庄片区农村厨余垃圾收运线', kind: 'village', wasteClass: 'kitchen', plates: [kitchen[2].plate], facilityIds: [compost.id],
    stops: villageRows.filter((v) => ['371581103', '371581101', '371581108'].includes(v.regionCode)).slice(0, 8).map((v) => ({ name: v.name, placeId: v.id })) });
  ['371581103', '371581101', '371581108'].forEach((town, i) => streams.push(stream(base(compost.id, 'DF', kitchen[2], 'kitchen', villageKitchen.id, town, 6 + i * 3, 0.12), 11)));
  // Recyclables, hazardous, bulky and renovation waste, to the sorting centre.
  const recycle = await route(urban, { regionCode: COUNTY, name: '城区可回收物收运线', kind: 'urban', wasteClass: 'recyclable', plates: recyclable.map((t) => t.plate), facilityIds: [sortingCentre.id],
    stops: cityStations.map(([, name]) => ({ name: `${name}可回收物暂存点` })) });
  [23, 21, 22, 20].forEach((t, i) => streams.push(stream(base(sortingCentre.id, 'FJ', recyclable[i < 2 ? 0 : 1], 'recyclable', recycle.id, STREETS[i], i % 2 ? 11 : 7, 0), t)));
  for (const [wasteClass, name, dailyT, hour] of [['hazardous', '全市有害垃圾收运线', 0.3, 14], ['bulky', '城区大件垃圾收运线', 9, 9], ['renovation', '城区装修垃圾收运线', 9.5, 15]] as const) {
    const truck = byClass(wasteClass)[0];
    const row = await route(urban, { regionCode: COUNTY, name, kind: 'urban', wasteClass, plates: [truck.plate], facilityIds: [sortingCentre.id], stops: cityStations.map(([, s]) => ({ name: `${s}暂存点` })) });
    streams.push(stream(base(sortingCentre.id, 'FJ', truck, wasteClass, row.id, COUNTY, hour, 0), dailyT));
  }
  const written = await writeTickets(db, streams, first, today, now);

  // What the weighbridges posted this week that the alarm scan takes up, as the plant's software posts it.
  const machine = await db.select({ id: users.id }).from(users).where(eq(users.username, `token:${plantToken.prefix}`));
  const weighbridge = await loadActorByUserId(db, machine[0].id);
  const cityRoute = routes[0];
  const recent = (daysAgo: number, hour: number) => {
    const inAt = new Date(Math.min(new Date(`${dayOf(now, daysAgo)}T${String(hour).padStart(2, '0')}:20:00+08:00`).getTime(), now.getTime() - 40 * 60_000));
    return { inAt, outAt: new Date(inAt.getTime() + 9 * 60_000) };
  };
  const ticketNo = (daysAgo: number, n: number) => `FS${dayOf(now, daysAgo).replaceAll('-', '')}-${9000 + n}`;
  const truck = other[0];
  const load = (netT: number, tareT = truck.tareT) => ({ grossT: Math.round((tareT + netT) * 100) / 100, tareT, netT });
  const special: TicketInput[] = [
    // 混装混运: the 一线 truck brought unsorted waste on a sorted route, on three days of the week.
    ...[5, 2, 0].map((daysAgo, n) => ({ facilityId: plant.id, ticketNo: ticketNo(daysAgo, n + 1), plate: truck.plate, wasteClass: 'mixed' as const, ...load(7.4 + n * 0.6), ...recent(daysAgo, 16),
      routeId: cityRoute.id, originRegionCode: '371581001' })),
    // Over its rated load of 14 t.
    { facilityId: plant.id, ticketNo: ticketNo(1, 4), plate: other[7].plate, wasteClass: 'other', ...load(15.26, other[7].tareT), ...recent(1, 17), routeId: routes[7].id, originRegionCode: TOWNS[1] },
    // A truck no one registered, let in by the gate.
    { facilityId: plant.id, ticketNo: ticketNo(0, 5), plate: '鲁P7K326', wasteClass: 'other', grossT: 13.68, tareT: 8.9, netT: 4.78, ...recent(0, 7), originRegionCode: '371581105' },
  ];
  await ingestTickets(db, weighbridge, special, `token:${plantToken.prefix}`, now);
  // This month: one ticket re-weighed (the tare was read before the truck's bin was back on), one weighed twice.
  const monthStart = `${today.slice(0, 8)}01`;
  const [toCorrect, toCancel] = (await db.execute<{ ticketNo: string; plate: string; wasteClass: TicketClass; tareT: number; netT: number; inAt: Date; outAt: Date; routeId: string; origin: string }>(sql`
    SELECT w.ticket_no AS "ticketNo", w.plate, w.waste_class AS "wasteClass", w.tare_t::float8 AS "tareT", w.net_t::float8 AS "netT", w.in_at AS "inAt", w.out_at AS "outAt", w.route_id AS "routeId", w.origin_region_code AS origin
    FROM weighbridge_tickets w WHERE w.facility_id = ${plant.id} AND w.kind = 'ticket' AND w.waste_class = 'other' AND w.vehicle_id IS NOT NULL AND w.ticket_no !~ '-9[0-9]{3}$'
      AND w.out_at >= make_timestamptz(${Number(monthStart.slice(0, 4))}, ${Number(monthStart.slice(5, 7))}, 1, 0, 0, 0, 'Asia/Shanghai') - interval '3 days'
    ORDER BY w.out_at DESC OFFSET 3 LIMIT 2`)).rows;
  if (toCorrect && toCancel) {
    const tareT = Math.round((toCorrect.tareT + 0.4) * 100) / 100, netT = Math.round((toCorrect.netT - 0.4) * 100) / 100;
    await ingestTickets(db, weighbridge, [
      { facilityId: plant.id, ticketNo: `${toCorrect.ticketNo}-G1`, kind: 'correction', corrects: toCorrect.ticketNo, reason: '回皮时车厢未复位，皮重少计 0.4 吨，复磅更正',
        plate: toCorrect.plate, wasteClass: toCorrect.wasteClass, grossT: Math.round((tareT + netT) * 100) / 100, tareT, netT, inAt: new Date(toCorrect.inAt), outAt: new Date(toCorrect.outAt),
        routeId: toCorrect.routeId, originRegionCode: toCorrect.origin },
      { facilityId: plant.id, ticketNo: `${toCancel.ticketNo}-Z1`, kind: 'cancellation', corrects: toCancel.ticketNo, reason: '同一车次重复过磅，作废后一张' },
    ], `token:${plantToken.prefix}`, now);
  }
  const [{ covered, all, vCovered, vAll }] = (await db.execute<{ covered: number; all: number; vCovered: number; vAll: number }>(sql`
    SELECT sum(s.households) FILTER (WHERE p.kind = 'community' AND s.sorted_deposit AND s.sorted_collection AND s.sorted_transport AND s.sorted_treatment)::int AS covered,
      sum(s.households) FILTER (WHERE p.kind = 'community')::int AS all,
      sum(s.households) FILTER (WHERE p.kind = 'village' AND s.sorted_deposit AND s.sorted_collection AND s.sorted_transport AND s.sorted_treatment)::int AS "vCovered",
      sum(s.households) FILTER (WHERE p.kind = 'village')::int AS "vAll"
    FROM household_places p JOIN LATERAL (SELECT * FROM household_place_status s WHERE s.place_id = p.id ORDER BY s.as_of DESC LIMIT 1) s ON true WHERE p.region_code LIKE ${`${COUNTY}%`}`)).rows;
  const pct = (a: number, b: number) => `${Math.round((a / b) * 1000) / 10} %`;
  return `临清 ${stations.size + 6} facilities, ${TRUCKS.length} trucks, ${routes.length} routes, ${communityRows.length} communities (${pct(covered, all)} of households sorted), `
    + `${villageRows.length} villages (${pct(vCovered, vAll)}), ${written + special.length + 2} tickets`;
}

/** 临清's household waste, then 天桥区's and 济宁经开区's; timed, as startup time matters. */
export async function seedHousehold(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  const t0 = performance.now();
  // The areas share no rows: told at once, so that their years of tickets are written side by side.
  const [linqing, districts] = await Promise.all([seedLinqingHousehold(db, passwordHash, now), seedDistrictHousehold(db, now)]);
  return `${linqing}; ${districts}; ${Math.round(performance.now() - t0)} ms`;
}
