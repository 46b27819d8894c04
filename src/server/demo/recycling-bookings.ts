import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { recordAudits, type AuditContext } from '../platform/audit/service';
import { demoActors } from './actors';
import { shanghaiDate } from '../../domain/labels';
import { slotWindow, type Payment, type Slot } from '../../domain/recycling-bookings';
import {
  acceptBooking, cancelBooking, confirmBooking, createBooking, dispatchBooking, markProgress, passOnOverdue, publishPrices, rateBooking, recordVisit, registerCollector,
  type ItemInput, type LineInput, type PriceInput,
} from '../recycling-bookings/service';
import { RECYCLING_STATIONS } from './recycling-cast';

// 临清's booked pickups (线上预约、线下回收, issue 17): the company's price lists (an older one kept,
// the one in force), four filed collectors (rrcollector.demo among them), and a month of residents'
// bookings in the stations' communities in every state: done and rated, cancelled, escalated to the
// bureau when nobody accepted, and today's pending, accepted, dispatched, on the way. resident.demo
// has one done and rated, one awaiting his confirmation, and an older one paid in points that shows
// in his green account. Everything goes through the services, each step at its moment.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };
const HOUR = 3_600_000, MIN = 60_000, DAY = 86_400_000;

const price = (category: string, priceYuan: number, applianceType?: string): PriceInput => ({ category, applianceType, unit: applianceType || category === 'furniture' ? 'piece' : 'kg', priceYuan });
// 2026 prices at the door in a county town (a station pays a little more to a walk-in seller).
const OLD_PRICES = [price('paper', 1.1), price('plastic', 0.9), price('ferrous', 2.3), price('nonferrous', 14), price('textile', 0.3), price('glass', 0.2), price('tyre', 0.5), price('furniture', 0),
  price('ewaste', 25, 'tv'), price('ewaste', 40, 'fridge'), price('ewaste', 30, 'washer'), price('ewaste', 70, 'aircon'), price('ewaste', 20, 'computer')];
const PRICES = [price('paper', 1.25), price('plastic', 1.1), price('ferrous', 2.1), price('nonferrous', 15), price('textile', 0.4), price('glass', 0.2), price('tyre', 0.6), price('furniture', 0),
  price('ewaste', 30, 'tv'), price('ewaste', 45, 'fridge'), price('ewaste', 35, 'washer'), price('ewaste', 80, 'aircon'), price('ewaste', 25, 'computer'),
  price('ewaste', 15, 'water_heater'), price('ewaste', 10, 'microwave'), price('ewaste', 5, 'phone')];

const COLLECTORS = [
  { name: '孟凡军', phone: '13863512871', idNo: '371581198203154517', filingNo: 'LQSW-HS-2024-0012', username: 'rrcollector.demo' },
  { name: '刘长海', phone: '13906357720', idNo: '371581197711082316', filingNo: 'LQSW-HS-2024-0013', username: 'rrcollector2.demo' },
  { name: '张秀兰', phone: '15263508841', idNo: '37158119850627452X', filingNo: 'LQSW-HS-2024-0019', username: 'rrcollector3.demo' },
  // Filed, without a login yet: the dispatcher cannot send him bookings he could not record.
  { name: '赵建国', phone: '18663561205', idNo: '371581197905213918', filingNo: 'LQSW-HS-2025-0004' },
];

const NEIGHBOURS = ['王大爷', '赵阿姨', '孙先生', '周女士', '吴老师', '郑大姐', '冯先生', '陈阿姨'];
const COMMENTS = ['师傅准时上门，称重透明', '很方便，价格公道', '旧冰箱帮忙搬下楼了，谢谢', '态度好，下次还约', '来得稍晚，但服务不错', ''];

/** A small deterministic generator, so the demo reads the same on every start. */
function random(seed: number) {
  let s = seed;
  return () => { s = (s * 1_103_515_245 + 12_345) % 2_147_483_648; return s / 2_147_483_648; };
}

type Plan = { items: ItemInput[]; lines: (c: number) => LineInput[] };
let serial = 0;
const unitSerial = (brand: string) => `${brand.slice(0, 2).toUpperCase()}${String(20_260_000 + (serial += 37)).slice(-7)}`;
const PLANS: Plan[] = [
  { items: [{ category: 'paper', estimatedKg: 15 }], lines: (c) => [{ category: 'paper', weightKg: Math.round((12 + c * 8) * 10) / 10 }] },
  { items: [{ category: 'paper', estimatedKg: 10 }, { category: 'plastic', estimatedKg: 5 }], lines: (c) => [{ category: 'paper', weightKg: Math.round((8 + c * 6) * 10) / 10 }, { category: 'plastic', weightKg: Math.round((3 + c * 4) * 10) / 10 }] },
  { items: [{ category: 'ferrous', estimatedKg: 30 }], lines: (c) => [{ category: 'ferrous', weightKg: Math.round((22 + c * 20) * 10) / 10 }] },
  { items: [{ category: 'textile', estimatedKg: 8 }], lines: (c) => [{ category: 'textile', weightKg: Math.round((6 + c * 5) * 10) / 10 }] },
  { items: [{ category: 'ewaste', applianceType: 'fridge', estimatedCount: 1 }], lines: (c) => { const brand = c > 0.5 ? '海尔' : '容声'; return [{ category: 'ewaste', applianceType: 'fridge', weightKg: 52 + Math.round(c * 10), units: [{ applianceType: 'fridge', brand, serial: unitSerial(brand === '海尔' ? 'HR' : 'RS'), weightKg: 52 + Math.round(c * 10) }] }]; } },
  { items: [{ category: 'ewaste', applianceType: 'tv', estimatedCount: 1 }, { category: 'paper', estimatedKg: 5 }], lines: (c) => [{ category: 'ewaste', applianceType: 'tv', weightKg: 16, units: [{ applianceType: 'tv', brand: '海信', serial: unitSerial('HX'), weightKg: 16 }] }, { category: 'paper', weightKg: Math.round((4 + c * 3) * 10) / 10 }] },
  { items: [{ category: 'furniture', estimatedCount: 1 }], lines: () => [{ category: 'furniture', weightKg: 35, itemCount: 1 }] },
  { items: [{ category: 'ewaste', applianceType: 'washer', estimatedCount: 1 }], lines: () => [{ category: 'ewaste', applianceType: 'washer', weightKg: 34, units: [{ applianceType: 'washer', brand: '小天鹅', serial: unitSerial('XT'), weightKg: 34 }] }] },
];

const SLOT_OF: Slot[] = ['morning', 'afternoon', 'evening'];

export async function seedRecyclingBookings(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const registered = new Date(now.getTime() - 60 * DAY);
  const dispatcher = await as('recycler.demo');
  const [company] = (await db.execute<{ id: string; regionCode: string }>(sql`SELECT u.organisation_id AS id, o.region_code AS "regionCode" FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = 'recycler.demo'`)).rows;
  const places = (await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM household_places WHERE kind = 'community' AND region_code LIKE '371581%'`)).rows;
  const served = RECYCLING_STATIONS.flatMap((s) => s.communities.map((c) => ({ place: places.find((p) => p.name === c)!, station: s.key }))).filter((x) => x.place);
  const stations = new Map((await db.execute<{ name: string; id: string }>(sql`SELECT name, id FROM organisations WHERE name LIKE '临清市再生资源回收利用有限公司%回收网点'`)).rows.map((r) => [r.name, r.id]));
  const stationOf = (key: string) => stations.get(RECYCLING_STATIONS.find((s) => s.key === key)!.name)!;

  // The price lists: the older one kept, the one in force since 20 days ago.
  await publishPrices(db, dispatcher, { effectiveFrom: shanghaiDate(new Date(now.getTime() - 60 * DAY)), note: '2026年秋季回收价格', prices: OLD_PRICES }, new Date(now.getTime() - 60 * DAY));
  await publishPrices(db, dispatcher, { effectiveFrom: shanghaiDate(new Date(now.getTime() - 20 * DAY)), note: '废钢价格下调，废纸上调（随市场行情）', prices: PRICES }, new Date(now.getTime() - 20 * DAY));
  // Two more collectors' phone logins (members of the company); rrcollector.demo is the cast's.
  await db.transaction(async (tx) => {
    const rows = await tx.insert(users).values([
      { username: 'rrcollector2.demo', passwordHash, displayName: '刘长海（再生资源回收 上门回收员）', role: 'enterprise_member' as const, organisationId: company.id, regionCode: company.regionCode, createdAt: registered },
      { username: 'rrcollector3.demo', passwordHash, displayName: '张秀兰（再生资源回收 上门回收员）', role: 'enterprise_member' as const, organisationId: company.id, regionCode: company.regionCode, createdAt: registered },
    ]).returning({ id: users.id, username: users.username });
    await recordAudits(tx, SEED, rows.map((u) => ({ action: 'user.create', entityType: 'user', entityId: u.id, regionCode: company.regionCode, organisationId: company.id, after: { username: u.username, role: 'enterprise_member' } })));
  });
  const collectors = [];
  for (const c of COLLECTORS) collectors.push(await registerCollector(db, dispatcher, c));
  const withLogin = collectors.filter((c) => c.username);

  // The neighbours who book (resident logins of the demo password); resident.demo is the seed's.
  const neighbours = await db.transaction(async (tx) => {
    // Registered two months ago: the newest users of the city's lists stay the staff the demo made today.
    const rows = await tx.insert(users).values(NEIGHBOURS.map((n, i) => ({ username: `rrresident${i + 1}.demo`, passwordHash, displayName: `居民 ${n}`, role: 'resident' as const, regionCode: '371581001', createdAt: registered })))
      .returning({ id: users.id, username: users.username });
    await recordAudits(tx, SEED, rows.map((u) => ({ action: 'user.create', entityType: 'user', entityId: u.id, regionCode: '371581001', after: { username: u.username, role: 'resident' } })));
    return rows;
  });

  const rnd = random(17);
  const counts = { done: 0, cancelled: 0, escalated: 0, live: 0 };
  const collectorFor = (i: number) => withLogin[i % withLogin.length];

  /** One booking from creation to where it stops, each step at its moment. */
  async function book(o: { who: string; placeIdx?: number; placeId?: string; address?: string; day: string; slot: Slot; payment: Payment; plan: Plan; created: Date; stop: 'pending' | 'accepted' | 'dispatched' | 'visiting' | 'awaiting' | 'done' | 'rated' | 'cancelled' | 'escalated'; collector?: number; photos?: string[] }) {
    const resident = await as(o.who);
    const target = o.placeIdx !== undefined ? served[o.placeIdx % served.length] : null;
    const placeId = o.placeId ?? target!.place.id;
    const b = await createBooking(db, resident, {
      placeId, address: o.address ?? `${target!.place.name}${1 + Math.floor(rnd() * 12)}号楼${1 + Math.floor(rnd() * 3)}单元${100 * (1 + Math.floor(rnd() * 6)) + 1 + Math.floor(rnd() * 2)}`,
      slotDate: o.day, slot: o.slot, payment: o.payment, items: o.plan.items, photos: o.photos ?? [], contactPhone: `13${String(900_000_000 + Math.floor(rnd() * 99_999_999))}`,
    }, o.created);
    if (o.stop === 'pending') return b;
    if (o.stop === 'escalated') {
      await passOnOverdue(db, new Date(o.created.getTime() + 3 * HOUR));
      counts.escalated += 1;
      return b;
    }
    if (o.stop === 'cancelled') {
      await cancelBooking(db, resident, b.id, '临时有事，改天再约', new Date(o.created.getTime() + 50 * MIN));
      counts.cancelled += 1;
      return b;
    }
    const accepted = new Date(o.created.getTime() + (8 + Math.floor(rnd() * 70)) * MIN);
    await acceptBooking(db, dispatcher, b.id, accepted);
    if (o.stop === 'accepted') return b;
    const c = collectorFor(o.collector ?? Math.floor(rnd() * 4));
    await dispatchBooking(db, dispatcher, b.id, c.id, new Date(accepted.getTime() + 12 * MIN));
    if (o.stop === 'dispatched') return b;
    const collector = await as(c.username!);
    const { start } = slotWindow(o.day, o.slot);
    const setOut = new Date(Math.min(start.getTime() + 20 * MIN, now.getTime() - 15 * MIN));
    await markProgress(db, collector, b.id, 'on_way', setOut);
    if (o.stop === 'visiting') return b;
    const recorded = new Date(Math.min(setOut.getTime() + 45 * MIN, now.getTime() - 5 * MIN));
    const station = stationOf(target?.station ?? 'rrstation1');
    await recordVisit(db, collector, b.id, { stationId: station, lines: o.plan.lines(rnd()) }, recorded);
    if (o.stop === 'awaiting') return b;
    await confirmBooking(db, resident, b.id, new Date(recorded.getTime() + (20 + Math.floor(rnd() * 90)) * MIN));
    counts.done += 1;
    if (o.stop === 'rated') await rateBooking(db, resident, b.id, { stars: rnd() > 0.2 ? 5 : 4, comment: COMMENTS[Math.floor(rnd() * COMMENTS.length)] }, new Date(recorded.getTime() + 3 * HOUR));
    return b;
  }

  const day = (daysAgo: number) => shanghaiDate(new Date(now.getTime() - daysAgo * DAY));
  const eveningBefore = (daysAgo: number) => new Date(`${day(daysAgo + 1)}T19:${String(10 + Math.floor(rnd() * 40)).padStart(2, '0')}:00+08:00`);

  for (let d = 30; d >= 2; d -= 1) {
    const n = d % 3 === 0 ? 2 : 1;
    for (let k = 0; k < n; k += 1) {
      const r = rnd();
      const stop = d === 17 && k === 0 ? 'escalated' : d === 9 && k === 0 ? 'escalated' : r < 0.1 ? 'cancelled' : r < 0.75 ? 'rated' : 'done';
      await book({ who: neighbours[(d + k) % neighbours.length].username, placeIdx: d * 3 + k * 7, day: day(d), slot: SLOT_OF[(d + k) % 3], payment: 'cash', plan: PLANS[(d + k) % PLANS.length], created: eveningBefore(d), stop, collector: d + k });
    }
  }

  // resident.demo: 25 days ago paid in points (in his green account), 12 days ago done and rated, yesterday awaiting his confirmation.
  const home = { who: 'resident.demo', placeId: served.find((s) => s.place.name === '运河花园')!.place.id, address: '运河花园3号楼2单元401' };
  await book({ ...home, day: day(25), slot: 'morning', payment: 'points', plan: PLANS[1], created: eveningBefore(25), stop: 'done', collector: 0, photos: ['纸箱和塑料瓶.jpg'] });
  await book({ ...home, day: day(12), slot: 'afternoon', payment: 'cash', plan: PLANS[4], created: eveningBefore(12), stop: 'rated', collector: 0, photos: ['旧冰箱.jpg'] });
  await book({ ...home, day: day(1), slot: 'evening', payment: 'cash', plan: PLANS[5], created: eveningBefore(1), stop: 'awaiting', collector: 0 });

  // Today's and tomorrow's work: pending (one passed over and escalated already, above), accepted, dispatched, on the way.
  const tomorrow = shanghaiDate(new Date(now.getTime() + DAY));
  const recent = (minutes: number) => new Date(now.getTime() - minutes * MIN);
  await book({ who: neighbours[0].username, placeIdx: 2, day: tomorrow, slot: 'morning', payment: 'cash', plan: PLANS[0], created: recent(25), stop: 'pending' });
  await book({ who: neighbours[1].username, placeIdx: 11, day: tomorrow, slot: 'afternoon', payment: 'cash', plan: PLANS[6], created: recent(40), stop: 'pending' });
  await book({ who: neighbours[2].username, placeIdx: 5, day: tomorrow, slot: 'morning', payment: 'cash', plan: PLANS[3], created: recent(300), stop: 'accepted' });
  await book({ who: neighbours[3].username, placeIdx: 0, day: tomorrow, slot: 'afternoon', payment: 'cash', plan: PLANS[2], created: recent(600), stop: 'dispatched', collector: 0 });
  await book({ who: neighbours[4].username, placeIdx: 1, day: tomorrow, slot: 'evening', payment: 'cash', plan: PLANS[7], created: recent(620), stop: 'dispatched', collector: 1 });
  const soon = shanghaiDate(now) === day(0) && slotWindow(day(0), 'evening').start.getTime() > now.getTime() + HOUR ? day(0) : tomorrow;
  await book({ who: neighbours[5].username, placeIdx: 3, day: soon, slot: 'evening', payment: 'cash', plan: PLANS[0], created: recent(900), stop: 'visiting', collector: 0 });
  counts.live = 6;
  const [{ total }] = (await db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM recycling_bookings WHERE company_id = ${company.id}`)).rows;
  return `${total} bookings (${counts.done} done, ${counts.cancelled} cancelled, ${counts.escalated} escalated, ${counts.live} under way), ${collectors.length} collectors, 2 price lists`;
}
