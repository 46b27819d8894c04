import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { organisations, vehicles } from '../platform/organisations/schema';
import { insertOrganisation } from '../platform/organisations/service';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { kitchenContracts } from '../kitchen/schema';
import { kitchenHooks } from '../kitchen/manifest-hooks';
import { KITCHEN_CODES } from '../../domain/streams/kitchen';
import type { Role } from '../../domain/enums';
import { demoActors } from './actors';
import { demoCreditCode } from './seed';
import { HistoryWriter } from './history';
import { historyRecorder, serviceRecorder } from './recorder';
import { addDays, at, demoCalendar, liveMoment, weekday } from './calendar';

// The demo's 餐厨垃圾 (ADR 0006) in 临清: twelve restaurants, canteens, a school and hotels of the four
// 街道 hold contracts with 洁源餐厨 (kwcollector.demo), whose two trucks fetch their buckets every day
// (canteens and the school on weekdays) and take them to the 100 t/d kitchen-waste plant the
// sanitation company runs (kwplant.demo), which digests them for biogas; the restaurants' used
// cooking oil goes every ten days to 润泽生物能源 (oil.demo) for biodiesel. The government canteen was
// the pilot a year ago (公共机构先行); the others signed six weeks ago. The days
// before the last two are written by the history writer, the last two go through the services.
// 鸿运火锅 has handed nothing over for six days, so the alarm scan (demo/live.ts) raises
// kitchen_no_pickup; today 运河人家 (restaurant.demo) has asked for its pickup and waits for the truck.

const WEEKS = 6;
const SILENT_DAYS = 6;
const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };

interface Producer { login: string; name: string; kind: 'restaurant' | 'canteen' | 'school' | 'hotel'; regionCode: string; at: [number, number]; dailyKg: number; oil: boolean; silent?: boolean; pilot?: boolean }

const PRODUCERS: Producer[] = [
  { login: 'restaurant.demo', name: '临清市运河人家酒楼', kind: 'restaurant', regionCode: '371581001', at: [115.7046, 36.8472], dailyKg: 180, oil: true },
  { login: 'kw02.demo', name: '临清市鳌头矶饭庄', kind: 'restaurant', regionCode: '371581001', at: [115.7081, 36.8433], dailyKg: 120, oil: true },
  { login: 'kw03.demo', name: '临清市清真八大碗饭店', kind: 'restaurant', regionCode: '371581002', at: [115.7198, 36.8341], dailyKg: 90, oil: false },
  { login: 'kw04.demo', name: '临清市鸿运火锅店', kind: 'restaurant', regionCode: '371581002', at: [115.7252, 36.8297], dailyKg: 150, oil: true, silent: true },
  { login: 'kw05.demo', name: '临清市舍利塔烧麦馆', kind: 'restaurant', regionCode: '371581003', at: [115.7083, 36.8587], dailyKg: 60, oil: false },
  { login: 'kw06.demo', name: '临清市老城什锦饭店', kind: 'restaurant', regionCode: '371581003', at: [115.713, 36.8534], dailyKg: 75, oil: false },
  { login: 'kw07.demo', name: '临清市第一中学学生食堂', kind: 'school', regionCode: '371581001', at: [115.7103, 36.8405], dailyKg: 320, oil: false },
  { login: 'kw08.demo', name: '临清市人民政府机关食堂', kind: 'canteen', regionCode: '371581002', at: [115.7236, 36.8309], dailyKg: 110, oil: false, pilot: true },
  { login: 'kw09.demo', name: '临清市人民医院职工食堂', kind: 'canteen', regionCode: '371581002', at: [115.7289, 36.8352], dailyKg: 140, oil: false },
  { login: 'kw10.demo', name: '临清市轴承产业园职工食堂', kind: 'canteen', regionCode: '371581004', at: [115.7594, 36.8388], dailyKg: 130, oil: false },
  { login: 'kw11.demo', name: '临清运河大酒店', kind: 'hotel', regionCode: '371581001', at: [115.7068, 36.8459], dailyKg: 260, oil: true },
  { login: 'kw12.demo', name: '临清市温泉宾馆', kind: 'hotel', regionCode: '371581004', at: [115.7533, 36.8351], dailyKg: 170, oil: false },
];

/** A standard 120-litre bucket of food waste weighs about 60 kg. */
const BUCKET_KG = 60;
const round = (n: number, places = 3) => Math.round(n * 10 ** places) / 10 ** places;

async function seedParties(db: Db, passwordHash: string) {
  return db.transaction(async (tx) => {
    let n = 930;
    const org = async (input: { name: string; regionCode: string; capabilities: string[]; industry: string; at: [number, number]; phone: string }) => insertOrganisation(tx, SEED, {
      kind: 'enterprise', name: input.name, creditCode: demoCreditCode('enterprise', input.regionCode, n++), regionCode: input.regionCode, capabilities: input.capabilities as never,
      industry: input.industry, address: `${input.name.replace(/有限公司/g, '')}`, longitude: input.at[0], latitude: input.at[1], contactName: '联系人', contactPhone: input.phone, status: 'verified',
    });
    const user = async (username: string, displayName: string, role: Role, o: { id: string; regionCode: string }) => {
      const [u] = await tx.insert(users).values({ username, passwordHash, displayName, role, organisationId: o.id, regionCode: o.regionCode }).returning({ id: users.id, username: users.username, role: users.role });
      await recordAudit(tx, SEED, { action: 'user.create', entityType: 'user', entityId: u.id, regionCode: o.regionCode, organisationId: o.id, after: u });
    };
    const collector = await org({ name: '临清市洁源餐厨废弃物收运有限公司', regionCode: '371581004', capabilities: ['transporter', 'kitchen_collector'], industry: '餐厨废弃物收集、运输', at: [115.7618, 36.8296], phone: '0635-2326677' });
    await user('kwcollector.demo', '宋振华（洁源餐厨 调度）', 'enterprise_admin', collector);
    await tx.insert(vehicles).values([
      { organisationId: collector.id, plate: '鲁PK6301', vehicleType: '密闭式餐厨垃圾收运车', loadT: 5 },
      { organisationId: collector.id, plate: '鲁PK6302', vehicleType: '密闭式餐厨垃圾收运车', loadT: 3 },
    ]);
    const oil = await org({ name: '临清市润泽生物能源科技有限公司', regionCode: '371581107', capabilities: ['recycler', 'grease_recycler'], industry: '生物柴油制造（废弃油脂资源化）', at: [115.5653, 36.747], phone: '0635-2335510' });
    await user('oil.demo', '韩立新（润泽生物能源 原料部）', 'enterprise_admin', oil);
    // The kitchen-waste plant is run by the sanitation company (demo/household.ts); its weighing office signs receptions.
    const [operator] = await tx.select().from(organisations).where(eq(organisations.name, '临清市城乡环卫一体化服务有限公司'));
    await user('kwplant.demo', '田秀梅（餐厨废弃物处理厂 计量室）', 'enterprise_member', operator);
    const producers = [];
    for (const p of PRODUCERS) {
      const o = await org({ name: p.name, regionCode: p.regionCode, capabilities: ['catering'], industry: p.kind === 'hotel' ? '住宿业' : p.kind === 'school' ? '教育（学校食堂）' : p.kind === 'canteen' ? '单位食堂' : '餐饮业', at: p.at, phone: `0635-23${String(40000 + producers.length * 17)}` });
      await user(p.login, `${p.name.replace('临清市', '').replace('临清', '')} 负责人`, 'enterprise_admin', o);
      producers.push({ ...p, org: o });
    }
    return { collector, oil, operator, producers };
  });
}

/** Whether a producer hands over on a day: canteens and the school on weekdays only. */
const handsOver = (p: Producer, day: string) => p.kind === 'restaurant' || p.kind === 'hotel' || ![0, 6].includes(weekday(day));

export async function seedKitchen(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  const { collector, oil, operator, producers } = await seedParties(db, passwordHash);
  const actor = demoActors(db);
  const cal = demoCalendar(now);
  const joined = addDays(cal.today, -7 * WEEKS);
  const startOf = (p: Producer) => (p.pilot ? cal.first : joined);
  const liveFrom = addDays(cal.today, -1);
  // Contracts signed a little before the six weeks, by each producer's administrator.
  const contractNo = new Map<string, string>();
  for (const [i, p] of producers.entries()) {
    const ctx = await actor(p.login);
    await db.transaction(async (tx) => {
      const [row] = await tx.insert(kitchenContracts).values({
        regionCode: p.org.regionCode, producerId: p.org.id, collectorId: collector.id, producerKind: p.kind, contractNo: `JYCC-${cal.today.slice(0, 4)}-${String(i + 1).padStart(3, '0')}`,
        validFrom: addDays(startOf(p), -10), validTo: `${Number(cal.today.slice(0, 4)) + 1}-12-31`, dailyKg: p.dailyKg, recordedBy: ctx.actor.userId!,
      }).returning();
      contractNo.set(p.org.id, row.contractNo);
      await recordAudit(tx, ctx, { action: 'kitchen_contract.register', entityType: 'kitchen_contract', entityId: row.id, regionCode: row.regionCode, organisationId: p.org.id, after: row });
    });
  }
  const collectorCtx = await actor('kwcollector.demo'), plantCtx = await actor('kwplant.demo'), oilCtx = await actor('oil.demo');
  const w = new HistoryWriter();
  let pickups = 0, receivedT = 0, oilT = 0;
  const tell = async (live: boolean) => {
    const rec = live ? serviceRecorder(db, now) : historyRecorder(w);
    for (let day = cal.first, d = 0; day <= cal.today; day = addDays(day, 1), d++) {
      if ((day >= liveFrom) !== live) continue;
      const moment = (hour: number, minute = 0) => (live ? liveMoment(now, day, hour + minute / 60) : at(day, hour + minute / 60));
      for (const [k, p] of producers.entries()) {
        const ctx = await actor(p.login);
        const silentFrom = addDays(cal.today, -SILENT_DAYS);
        if (day < startOf(p) || (p.silent && day > silentFrom)) continue;
        const loads: { code: string; kg: number }[] = [];
        if (handsOver(p, day)) loads.push({ code: KITCHEN_CODES.food, kg: p.dailyKg * (0.8 + (((d * 7 + k * 13) % 9) / 20)) });
        if (p.oil && (d + k) % 10 === 0) loads.push({ code: KITCHEN_CODES.oil, kg: 40 + ((d + k * 3) % 5) * 10 });
        for (const load of loads) {
          const food = load.code === KITCHEN_CODES.food;
          const buckets = Math.max(1, Math.round(load.kg / (food ? BUCKET_KG : 45)));
          const estimate = round((buckets * (food ? BUCKET_KG : 45)) / 1000);
          const receiver = food ? operator : oil;
          const input = kitchenHooks.prepare({ wasteCode: load.code, bucketCount: buckets, declaredWeightT: estimate, plannedDate: day, receiverId: receiver.id });
          const contract = { producerKind: p.kind, contractNo: contractNo.get(p.org.id)! };
          // The morning run starts at the hotels and restaurants of the old town, the canteens after breakfast.
          const hour = 6 + (k % 4);
          const m = await rec.manifest(ctx, 'kitchen', p.org, input, { receiver, transporterIds: [collector.id], vehicle: null, driver: null }, moment(hour, 0),
            { load: { wasteCode: load.code, wasteName: food ? '餐厨垃圾' : '废弃食用油脂', physicalForm: food ? '半固态（含水食物残余，桶装）' : '液态（煎炸废油、隔油池油脂，桶装）', declaredWeightT: estimate, batches: [], held: new Map(), extra: contract } });
          if (!m) continue;
          await rec.sign(ctx, m, 'sign_emission', moment(hour, 5));
          // Today the first restaurant's request waits for the truck.
          if (day === cal.today && k === 0) continue;
          const pickupWeightT = round(load.kg / 1000);
          await rec.sign(collectorCtx, m, 'sign_transport', moment(hour + 1, 10), { vehiclePlate: pickupWeightT > 0.25 || !food ? '鲁PK6301' : '鲁PK6302', pickupWeightT });
          // Today's later loads are still on the truck.
          if (day === cal.today && k % 3 === 2) continue;
          const receivedWeightT = round(pickupWeightT * (0.97 + ((d + k) % 4) / 100));
          await rec.sign(food ? plantCtx : oilCtx, m, 'sign_reception', moment(11, 30 + k),
            { receptionOutcome: 'accepted', receivedWeightT, treatmentMethod: food ? 'anaerobic' : 'biodiesel' });
          pickups++;
          receivedT += receivedWeightT;
          if (!food) oilT += receivedWeightT;
        }
      }
    }
  };
  await tell(false);
  await db.transaction((tx) => w.flush(tx));
  await tell(true);
  return `${producers.length} producers under contract, ${pickups} pickups received (${round(receivedT, 1)} t, of which ${round(oilT, 2)} t used cooking oil)`;
}
