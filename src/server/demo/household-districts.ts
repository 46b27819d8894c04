import type { Db } from '../db/database';
import { vehicles } from '../platform/organisations/schema';
import { insertOrganisation } from '../platform/organisations/service';
import type { AuditContext } from '../platform/audit/service';
import { registerCollectionVehicle, registerFacility, registerRoute } from '../household/facilities';
import type { PlaceStatus } from '../household/service';
import type { HouseholdClass } from '../../domain/household';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { demoActors } from './actors';
import { demoCreditCode } from './seed';
import { insertPlaces, stream, writeTickets, type DemoPlace, type TicketStream } from './household-kit';

// The household waste of 天桥区 and 济宁经开区, smaller than 临清's but enough for their indicator rows,
// kept by each area's zero-waste office:
// - 天桥区 (其他生活垃圾清运量 about 29.5万吨 a year, communities and villages sorted at all stages, as
//   its plan reports): the district's sanitation company and trucks, the 泺口 transfer station, the
//   incineration plant, a kitchen-waste plant and a sorting centre, a dozen communities, six villages;
// - 济宁经开区 (生活垃圾清运量 about 3.4万吨, rural sorting a third of the way): the zone's sanitation
//   company, the 疃里 and 马集 transfer stations, the 嘉祥 incineration plant and kitchen-waste plant,
//   communities in 疃里 and villages of both towns.
// As in 临清, tickets are weighed where waste is treated or sorted, never at a transfer station.

interface Area {
  keeper: string; company: { name: string; regionCode: string; at: [number, number]; code: number; phone: string };
  trucks: { plate: string; wasteClass: HouseholdClass; type: string; loadT: number; tareT: number }[];
  facilities: { key: string; regionCode: string; kind: 'incineration' | 'kitchen_plant' | 'sorting_centre' | 'transfer_station'; name: string; at: [number, number]; capacity: number; classes: HouseholdClass[]; prefix?: string }[];
  /** Daily tonnes: facility key, class, town of origin, tonnes, the truck's plate. */
  flows: [string, HouseholdClass, string, number, string][];
  communities: [string, string, number, boolean][];
  villages: [string, string, number, boolean][];
}

const TIANQIAO: Area = {
  keeper: 'office.tianqiao',
  company: { name: '济南天桥城市环境服务有限公司', regionCode: '370105', at: [116.9818, 36.7138], code: 801, phone: '0531-85901200' },
  trucks: [
    ...Array.from({ length: 10 }, (_, i) => ({ plate: `鲁AH${2201 + i}`, wasteClass: 'other' as const, type: '车厢可卸式垃圾车（勾臂车）', loadT: 18, tareT: 13.2 + (i % 3) * 0.3 })),
    { plate: '鲁AH2301', wasteClass: 'kitchen', type: '餐厨垃圾车', loadT: 12, tareT: 12.6 }, { plate: '鲁AH2302', wasteClass: 'kitchen', type: '餐厨垃圾车', loadT: 12, tareT: 12.9 },
    { plate: '鲁AH2401', wasteClass: 'recyclable', type: '厢式可回收物收集车', loadT: 15, tareT: 10.5 },
  ],
  facilities: [
    { key: 'plant', regionCode: '370105016', kind: 'incineration', name: '天桥区生活垃圾焚烧发电厂', at: [116.9402, 36.8101], capacity: 1500, classes: ['other'], prefix: 'TQFS' },
    { key: 'kitchen', regionCode: '370105016', kind: 'kitchen_plant', name: '天桥区餐厨废弃物资源化处理厂', at: [116.9358, 36.8052], capacity: 200, classes: ['kitchen'], prefix: 'TQCC' },
    { key: 'sorting', regionCode: '370105017', kind: 'sorting_centre', name: '天桥区可回收物分拣中心', at: [116.9766, 36.7788], capacity: 120, classes: ['recyclable'], prefix: 'TQFJ' },
    { key: 'luokou', regionCode: '370105015', kind: 'transfer_station', name: '天桥区泺口垃圾中转站', at: [116.9931, 36.7182], capacity: 600, classes: ['other'] },
    { key: 'beiyuan', regionCode: '370105014', kind: 'transfer_station', name: '天桥区北园垃圾中转站', at: [117.0086, 36.6978], capacity: 300, classes: ['other'] },
  ],
  // About 810 t of residual waste a day (29.5万吨 a year), kitchen 120 t, recyclables 70 t.
  flows: [
    ['plant', 'other', '370105001', 80, '鲁AH2201'], ['plant', 'other', '370105001', 70, '鲁AH2202'], ['plant', 'other', '370105006', 80, '鲁AH2203'],
    ['plant', 'other', '370105006', 50, '鲁AH2204'], ['plant', 'other', '370105017', 30, '鲁AH2204'], ['plant', 'other', '370105013', 80, '鲁AH2205'],
    ['plant', 'other', '370105013', 30, '鲁AH2206'], ['plant', 'other', '370105015', 50, '鲁AH2206'], ['plant', 'other', '370105014', 80, '鲁AH2207'],
    ['plant', 'other', '370105014', 60, '鲁AH2208'], ['plant', 'other', '370105016', 20, '鲁AH2208'], ['plant', 'other', '370105015', 70, '鲁AH2209'],
    ['plant', 'other', '370105016', 60, '鲁AH2210'], ['plant', 'other', '370105017', 50, '鲁AH2210'],
    ['kitchen', 'kitchen', '370105001', 40, '鲁AH2301'], ['kitchen', 'kitchen', '370105014', 35, '鲁AH2301'], ['kitchen', 'kitchen', '370105006', 45, '鲁AH2302'],
    ['sorting', 'recyclable', '370105013', 35, '鲁AH2401'], ['sorting', 'recyclable', '370105015', 35, '鲁AH2401'],
  ],
  communities: [
    ['370105001', '无影山小区', 2400, true], ['370105001', '天桥区委宿舍', 620, true], ['370105006', '堤口庄小区', 1850, true], ['370105006', '清河北路小区', 1320, true],
    ['370105013', '药山小区', 2100, true], ['370105013', '北辰华苑', 1560, true], ['370105014', '北园小区', 1980, true], ['370105014', '水屯小区', 880, true],
    ['370105015', '泺口新苑', 1420, true], ['370105015', '黄河花园', 960, true], ['370105017', '大桥镇区小区', 740, true], ['370105016', '桑梓店社区', 1100, true],
  ],
  villages: [
    ['370105016', '桑梓店村', 620, true], ['370105016', '前街村', 410, true], ['370105016', '西沙村', 380, true],
    ['370105017', '大桥村', 540, true], ['370105017', '北徐村', 330, true], ['370105017', '马庄村', 290, true],
  ],
};

const JNKFQ: Area = {
  keeper: 'office.jnkfq',
  company: { name: '济宁经开区环境卫生服务有限公司', regionCode: '370829104', at: [116.3881, 35.4052], code: 802, phone: '0537-3690120' },
  trucks: [
    { plate: '鲁HH5101', wasteClass: 'other', type: '压缩式垃圾车', loadT: 12, tareT: 10.8 }, { plate: '鲁HH5102', wasteClass: 'other', type: '压缩式垃圾车', loadT: 12, tareT: 11.1 },
    { plate: '鲁HH5201', wasteClass: 'kitchen', type: '餐厨垃圾车', loadT: 8, tareT: 8.6 }, { plate: '鲁HH5301', wasteClass: 'recyclable', type: '厢式可回收物收集车', loadT: 10, tareT: 7.4 },
  ],
  facilities: [
    { key: 'plant', regionCode: '370829104', kind: 'incineration', name: '济宁经开区生活垃圾焚烧发电厂', at: [116.4102, 35.3891], capacity: 300, classes: ['other'], prefix: 'JKFS' },
    { key: 'kitchen', regionCode: '370829104', kind: 'kitchen_plant', name: '济宁经开区餐厨废弃物处理中心', at: [116.4061, 35.3925], capacity: 30, classes: ['kitchen', 'recyclable'], prefix: 'JKCC' },
    { key: 'tuanli', regionCode: '370829104', kind: 'transfer_station', name: '疃里镇垃圾中转站', at: [116.3823, 35.4031], capacity: 80, classes: ['other'] },
    { key: 'maji', regionCode: '370829108', kind: 'transfer_station', name: '马集镇垃圾中转站', at: [116.3012, 35.3746], capacity: 60, classes: ['other'] },
  ],
  // About 94 t a day (3.4万吨 a year); the recyclables are weighed at the kitchen-waste centre's scale, where the zone's sorting shed stands.
  flows: [
    ['plant', 'other', '370829104', 40, '鲁HH5101'], ['plant', 'other', '370829108', 32, '鲁HH5102'], ['kitchen', 'kitchen', '370829104', 14, '鲁HH5201'], ['kitchen', 'recyclable', '370829104', 8, '鲁HH5301'],
  ],
  communities: [
    ['370829104', '疃里新村小区', 860, true], ['370829104', '经开区人才公寓', 420, true], ['370829104', '锦苑小区', 610, true], ['370829108', '马集镇区小区', 380, true],
  ],
  villages: [
    ['370829104', '疃里村', 720, true], ['370829104', '前进村', 460, false], ['370829104', '马楼村', 390, false], ['370829104', '张庄村', 350, false],
    ['370829108', '马集村', 680, true], ['370829108', '大李村', 420, false], ['370829108', '东赵村', 310, false], ['370829108', '西闫村', 260, false],
  ],
};

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };

async function seedArea(db: Db, area: Area, now: Date) {
  const ctx = await demoActors(db)(area.keeper);
  const year = shanghaiYear(now);
  const c = area.company;
  await db.transaction(async (tx) => {
    const org = await insertOrganisation(tx, SEED, {
      kind: 'enterprise', name: c.name, creditCode: demoCreditCode('enterprise', c.regionCode, c.code), regionCode: c.regionCode, capabilities: ['transporter'], industry: '环境卫生管理（生活垃圾收运）',
      address: `${c.name.replace(/有限公司/, '')}车辆停保场`, longitude: c.at[0], latitude: c.at[1], contactName: '联系人', contactPhone: c.phone, status: 'verified',
    });
    await tx.insert(vehicles).values(area.trucks.map((t) => ({ organisationId: org.id, plate: t.plate, vehicleType: t.type, loadT: t.loadT })));
  });
  const facilities = new Map<string, { id: string; prefix: string }>();
  for (const f of area.facilities) {
    const row = await registerFacility(db, ctx, { regionCode: f.regionCode, kind: f.kind, name: f.name, address: f.name, longitude: f.at[0], latitude: f.at[1], capacityTPerDay: f.capacity, classes: f.classes });
    facilities.set(f.key, { id: row.id, prefix: f.prefix ?? '' });
  }
  const trucks = new Map<string, { id: string; plate: string; tareT: number; loadT: number }>();
  for (const t of area.trucks) {
    const row = await registerCollectionVehicle(db, ctx, { plate: t.plate, wasteClass: t.wasteClass, tareT: t.tareT });
    trucks.set(t.plate, { id: row.vehicleId, plate: t.plate, tareT: t.tareT, loadT: t.loadT });
  }
  const sorted = (n: number, yes: boolean): PlaceStatus => ({ asOf: `${year}-01-01`, households: n, sortedDeposit: true, sortedCollection: yes, sortedTransport: yes, sortedTreatment: yes, collectionRooms: yes ? Math.max(1, Math.round(n / 600)) : 0 });
  const places: DemoPlace[] = [
    ...area.communities.map(([town, name, n, yes], i): DemoPlace => ({ regionCode: town, kind: 'community', name, address: name, at: [c.at[0] + ((i % 5) - 2) * 0.008, c.at[1] + ((i % 3) - 1) * 0.006], statuses: [sorted(n, yes)] })),
    ...area.villages.map(([town, name, n, yes], i): DemoPlace => ({ regionCode: town, kind: 'village', name, address: name, at: [c.at[0] + ((i % 4) - 2) * 0.02, c.at[1] + ((i % 3) - 1) * 0.015], statuses: [sorted(n, yes)] })),
  ];
  await insertPlaces(db, ctx, places);
  // One route per truck and destination, named after where it collects.
  const streams: TicketStream[] = [];
  const routes = new Map<string, string>();
  for (const [key, wasteClass, town, dailyT, plate] of area.flows) {
    const facility = facilities.get(key)!;
    const name = `${plate} ${area.facilities.find((f) => f.key === key)!.name.replace(/^(天桥区|济宁经开区)/, '')}线`;
    if (!routes.has(name)) {
      const row = await registerRoute(db, ctx, { regionCode: town.slice(0, 6), name, kind: 'urban', wasteClass, plates: [plate], facilityIds: [facility.id], stops: [{ name: `${town}片区收集点` }] });
      routes.set(name, row.id);
    }
    const truck = trucks.get(plate)!;
    streams.push(stream({ facilityId: facility.id, prefix: facility.prefix, routeId: routes.get(name)!, origin: town, vehicleId: truck.id, plate, tareT: truck.tareT, loadT: truck.loadT, wasteClass,
      startHour: 5 + (streams.length % 3), season: wasteClass === 'kitchen' ? 0.12 : 0.05, postedBy: `user:${area.keeper}` }, dailyT));
  }
  const tickets = await writeTickets(db, streams, `${year}-01-01`, shanghaiDate(now), now);
  return `${facilities.size} facilities, ${places.length} places, ${tickets} tickets`;
}

export async function seedDistrictHousehold(db: Db, now: Date): Promise<string> {
  const [tq, jk] = await Promise.all([seedArea(db, TIANQIAO, now), seedArea(db, JNKFQ, now)]);
  return `天桥区 ${tq}; 济宁经开区 ${jk}`;
}
