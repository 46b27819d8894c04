import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { drivers, organisations, vehicles } from '../platform/organisations/schema';
import { demoActors } from './actors';
import { requireStreamCode } from '../ledger/service';
import { harmlessDisposal } from '../../domain/streams/sludge';
import { HistoryWriter } from './history';
import { historyRecorder, serviceRecorder } from './recorder';
import { addDays, at, demoCalendar, liveMoment } from './calendar';

// The demo's 城镇污水污泥 (indicator 31, 城镇污水污泥无害化处置率★): 临清市城市污水处理厂 records the
// dewatered sludge of its belt presses every other day (75–80 % moisture), now and then a load from
// its plate press deep-dewatering line (40–55 %) and the 粪便污泥 of its faecal-sludge station. Each
// batch leaves on one truckload of 通达物流's sludge truck, weighed at the plant and at the gate: to
// 绿能环保's incinerator (co-firing) or the landfill beside it, or to 新型墙材's kiln for fired bricks.
// One wet load went to the landfill while the incinerator was down, which is not 无害化, so the
// computed rate sits a little under 100 %. Today a load is on the road, the faecal sludge waits for
// the truck, and today's cake and a plate-press load are still in the bunker. A year of it: the
// months before the last week written by the history writer, the last week through the services.

const PLANT = 'wwtp.demo', DRIVER = 'driver.sludge';
const HAULIER = '临清市通达物流运输有限公司';
const TRUCK = { plate: '鲁P6W218', vehicleType: '密闭自卸式污泥运输车', loadT: 20 };
const TRUCK_DRIVER = { name: '孙德明', phone: '13963577120', licenceNo: '371581197906120036' };

type Destination = 'incineration' | 'bricks' | 'landfill';
type State = 'received' | 'in_transit' | 'awaiting_pickup' | 'in_store';

interface Load {
  code: 'SL01' | 'SL02'; t: number; moisturePct: number; daysAgo: number;
  /** The truck's run of the day: the belt-press sludge goes first, anything else in the afternoon. */
  run: 'morning' | 'afternoon'; to: Destination; state: State; note?: string;
}

const FORMS = {
  wet: { physicalForm: '半固态（脱水污泥饼）', storageFacility: '脱水机房污泥料仓' },
  dry: { physicalForm: '固态（深度脱水泥饼）', storageFacility: '板框压滤车间堆棚' },
  faecal: { physicalForm: '半固态（脱水粪渣）', storageFacility: '粪便消纳站储泥池' },
};

const METHOD: Record<Destination, { receiver: string; method: string }> = {
  incineration: { receiver: 'wte.demo', method: 'incineration' },
  landfill: { receiver: 'wte.demo', method: 'landfill' },
  bricks: { receiver: 'ashuse.demo', method: 'building_materials' },
};

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** The year's batches, oldest first: fixed figures, so the demo's totals are the same on every start. */
function season(): Load[] {
  const loads: Load[] = [];
  // Belt-press sludge every other day for a year; every third load to the brick works.
  for (let i = 0; i < 182; i++) {
    const daysAgo = 363 - 2 * i;
    const load: Load = { code: 'SL01', t: round(8 + ((i * 37) % 116) / 10, 1), moisturePct: round(75 + ((i * 13) % 51) / 10, 1), daysAgo, run: 'morning', to: i % 3 === 2 ? 'bricks' : 'incineration', state: 'received' };
    if (daysAgo === 57) Object.assign(load, { to: 'landfill', moisturePct: 78, note: '焚烧炉停炉检修，临时进填埋场' });
    if (daysAgo === 1) load.state = 'in_transit';
    loads.push(load);
  }
  loads.push({ code: 'SL01', t: 9.6, moisturePct: 78.4, daysAgo: 0, run: 'morning', to: 'incineration', state: 'in_store' });
  // Plate-press cake, dry enough for the landfill (≤ 60 %); the last one waits for a landfill slot.
  for (let k = 12; k >= 1; k--) loads.push({ code: 'SL01', t: 5.6 + ((k * 7) % 19) / 10, moisturePct: 41 + ((k * 23) % 15), daysAgo: 30 * k - 2, run: 'afternoon', to: 'landfill', state: 'received' });
  loads.push({ code: 'SL01', t: 6.9, moisturePct: 48.5, daysAgo: 3, run: 'afternoon', to: 'landfill', state: 'in_store' });
  // 粪便污泥 from the faecal-sludge station; yesterday's waits for the truck's second run today.
  for (let k = 12; k >= 1; k--) loads.push({ code: 'SL02', t: 8.6 + ((k * 11) % 37) / 10, moisturePct: 81 + ((k * 7) % 4), daysAgo: 29 * k + 1, run: 'afternoon', to: 'incineration', state: 'received' });
  loads.push({ code: 'SL02', t: 10.8, moisturePct: 83, daysAgo: 1, run: 'afternoon', to: 'incineration', state: 'awaiting_pickup' });
  return loads.sort((a, b) => b.daysAgo - a.daysAgo || (a.run === b.run ? 0 : a.run === 'morning' ? -1 : 1));
}


export async function seedSludgeHistory(db: Db, now = new Date()): Promise<string> {
  const actor = demoActors(db);
  const cal = demoCalendar(now);
  const [haulier] = await db.select().from(organisations).where(eq(organisations.name, HAULIER));
  const [driverUser] = await db.select({ id: users.id }).from(users).where(eq(users.username, DRIVER));
  const [truck] = await db.insert(vehicles).values({ organisationId: haulier.id, ...TRUCK }).returning();
  const [driver] = await db.insert(drivers).values({ organisationId: haulier.id, ...TRUCK_DRIVER, userId: driverUser.id }).returning();
  const plant = await actor(PLANT), driverCtx = await actor(DRIVER);
  const [plantOrg] = await db.select().from(organisations).where(eq(organisations.id, plant.actor.organisationId!));
  const receivers = new Map(await Promise.all(Object.values(METHOD).map(async ({ receiver }) => {
    const ctx = await actor(receiver);
    return [receiver, { ctx, org: (await db.select().from(organisations).where(eq(organisations.id, ctx.actor.organisationId!)))[0] }] as const;
  })));
  const entries = new Map(await Promise.all((['SL01', 'SL02'] as const).map(async (code) => [code, await requireStreamCode(db, 'sludge', code)] as const)));
  const loads = season().filter((l) => addDays(cal.today, -l.daysAgo) >= cal.first);
  const w = new HistoryWriter();
  let harmlessT = 0, manifests = 0;
  const tell = async (live: boolean) => {
    const rec = live ? serviceRecorder(db, now) : historyRecorder(w);
    for (const [k, load] of loads.entries()) {
      const batchDay = addDays(cal.today, -load.daysAgo);
      // Today's loads leave today: yesterday's batches went into the bunker after the truck's last run.
      const day = load.state === 'received' ? batchDay : cal.today;
      if ((day >= cal.liveFrom) !== live) continue;
      const moment = (d: string, hour: number) => (live ? liveMoment(now, d, hour) : at(d, hour));
      const form = load.code === 'SL02' ? FORMS.faecal : load.moisturePct <= 60 ? FORMS.dry : FORMS.wet;
      const e = entries.get(load.code)!;
      const batch = await rec.batch(plant, plantOrg, { stream: 'sludge', wasteCode: load.code, catalogueName: e.description || e.name, internalName: e.name, category: e.category, ...form,
        containerType: '散装（料仓）', containerCount: 1, quantityT: load.t, storeNow: true, generatedAt: moment(batchDay, load.run === 'morning' ? 6 : 11), attributes: { moisturePct: load.moisturePct } });
      if (!batch || load.state === 'in_store') continue;
      const start = load.run === 'morning' ? 8 : 13;
      const { receiver, method } = METHOD[load.to];
      const to = receivers.get(receiver)!;
      const m = await rec.manifest(plant, 'sludge', plantOrg, { batchIds: [batch.id], receiverId: to.org.id, transporterIds: [haulier.id], vehicleId: truck.id, driverId: driver.id, plannedDate: day },
        { receiver: to.org, transporterIds: [haulier.id], vehicle: truck, driver }, moment(day, start), { batches: [batch] });
      manifests++;
      await rec.sign(plant, m, 'sign_emission', moment(day, start));
      if (load.state === 'awaiting_pickup') continue;
      // The plant's weighbridge differs from the declared figure by a few tenths of a percent.
      const pickupWeightT = round(load.t * (1 + (((k * 7) % 15) - 6) / 1000));
      await rec.sign(driverCtx, m, 'sign_transport', moment(day, start + 1), { pickupWeightT });
      if (load.state === 'in_transit') continue;
      // Dewatered sludge drains on the road: the gate weighs 1–3 % less.
      const receivedWeightT = round(pickupWeightT * (1 - (1 + ((k * 11) % 21) / 10) / 100));
      await rec.sign(to.ctx, m, 'sign_reception', moment(day, start + 3),
        { receptionOutcome: 'accepted', receivedWeightT, treatmentMethod: method, receivedMoisturePct: round(load.moisturePct - 0.4, 1), ...(load.note ? { receptionNote: load.note } : {}) });
      if (harmlessDisposal(method, load.moisturePct)) harmlessT += receivedWeightT;
    }
  };
  await tell(false);
  await db.transaction((tx) => w.flush(tx));
  await tell(true);
  const generatedT = loads.reduce((t, l) => t + l.t, 0);
  return `${loads.length} batches, ${round(generatedT, 1)} t generated, ${manifests} truckloads, ${round(harmlessT, 1)} t disposed of harmlessly`;
}
