import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { drivers, organisations, vehicles } from '../platform/organisations/schema';
import { demoActors, momentOf } from './actors';
import { insertBatch, ledgerOrganisation, requireStreamCode, type BatchEntry } from '../ledger/service';
import { createManifest, signManifest } from '../manifests/service';
import { harmlessDisposal } from '../../domain/streams/sludge';
import { shanghaiDate } from '../../domain/labels';

// The demo's 城镇污水污泥 (indicator 31, 城镇污水污泥无害化处置率★): 临清市城市污水处理厂 records the
// dewatered sludge of its belt presses every other day (75–80 % moisture), now and then a load from
// its plate press deep-dewatering line (40–55 %) and the 粪便污泥 of its faecal-sludge station. Each
// batch leaves on one truckload of 通达物流's sludge truck, weighed at the plant and at the gate: to
// 绿能环保's incinerator (co-firing) or the landfill beside it, or to 新型墙材's kiln for fired bricks.
// One wet load went to the landfill while the incinerator was down, which is not 无害化, so the
// computed rate sits a little under 100 %. Today a load is on the road, the faecal sludge waits for
// the truck, and today's cake and a plate-press load are still in the bunker.

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

/** The season's batches, oldest first: fixed figures, so the demo's totals are the same on every start. */
function season(): Load[] {
  const loads: Load[] = [];
  // Belt-press sludge every other day for 130 days; every third load to the brick works.
  for (let i = 0; i < 65; i++) {
    const daysAgo = 129 - 2 * i;
    const load: Load = { code: 'SL01', t: round(8 + ((i * 37) % 116) / 10, 1), moisturePct: round(75 + ((i * 13) % 51) / 10, 1), daysAgo, run: 'morning', to: i % 3 === 2 ? 'bricks' : 'incineration', state: 'received' };
    if (daysAgo === 57) Object.assign(load, { to: 'landfill', moisturePct: 78, note: '焚烧炉停炉检修，临时进填埋场' });
    if (daysAgo === 1) load.state = 'in_transit';
    loads.push(load);
  }
  loads.push({ code: 'SL01', t: 9.6, moisturePct: 78.4, daysAgo: 0, run: 'morning', to: 'incineration', state: 'in_store' });
  // Plate-press cake, dry enough for the landfill (≤ 60 %); the last one waits for a landfill slot.
  for (const [daysAgo, t, moisturePct, state] of [[118, 6.2, 52.5, 'received'], [89, 5.8, 44, 'received'], [60, 7.4, 55, 'received'], [31, 6.6, 41.5, 'received'], [3, 6.9, 48.5, 'in_store']] as const) {
    loads.push({ code: 'SL01', t, moisturePct, daysAgo, run: 'afternoon', to: 'landfill', state });
  }
  // 粪便污泥 from the faecal-sludge station; yesterday's waits for the truck's second run today.
  for (const [daysAgo, t, moisturePct, state] of [[145, 9.5, 82, 'received'], [116, 11.2, 83.5, 'received'], [88, 8.8, 81, 'received'], [58, 10.4, 84, 'received'], [30, 12.1, 82.5, 'received'], [1, 10.8, 83, 'awaiting_pickup']] as const) {
    loads.push({ code: 'SL02', t, moisturePct, daysAgo, run: 'afternoon', to: 'incineration', state });
  }
  return loads.sort((a, b) => b.daysAgo - a.daysAgo || (a.run === b.run ? 0 : a.run === 'morning' ? -1 : 1));
}


/** A moment `daysAgo` days back at `hour` Shanghai time, kept inside this year and in the past (as construction.ts does). */

export async function seedSludgeHistory(db: Db, now = new Date()): Promise<string> {
  const actor = demoActors(db);
  const [haulier] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, HAULIER));
  const [driverUser] = await db.select({ id: users.id }).from(users).where(eq(users.username, DRIVER));
  const [truck] = await db.insert(vehicles).values({ organisationId: haulier.id, ...TRUCK }).returning();
  const [driver] = await db.insert(drivers).values({ organisationId: haulier.id, ...TRUCK_DRIVER, userId: driverUser.id }).returning();
  const plant = await actor(PLANT);
  const loads = season();
  // The bunker's batches in one transaction, each with its backdated 产生 and 入库; the truckloads after.
  const batches = await db.transaction(async (tx) => {
    const org = await ledgerOrganisation(tx, plant.actor);
    const entries = new Map<string, BatchEntry>();
    for (const code of new Set(loads.map((l) => l.code))) {
      const e = await requireStreamCode(db, 'sludge', code);
      entries.set(code, { code: e.code, name: e.name, catalogueName: e.description || e.name, category: e.category });
    }
    const made = [];
    for (const load of loads) {
      const form = load.code === 'SL02' ? FORMS.faecal : load.moisturePct <= 60 ? FORMS.dry : FORMS.wet;
      made.push((await insertBatch(tx, plant, org, entries.get(load.code)!, {
        stream: 'sludge', wasteCode: load.code, ...form, containerType: '散装（料仓）', containerCount: 1, quantityT: load.t, storeNow: true,
        generatedAt: momentOf(now, load.daysAgo, load.run === 'morning' ? 6 : 11), attributes: { moisturePct: load.moisturePct },
      })).batch);
    }
    return made;
  });
  let harmlessT = 0, manifests = 0;
  for (const [k, load] of loads.entries()) {
    if (load.state === 'in_store') continue;
    const start = load.run === 'morning' ? 8 : 13;
    // Today's loads leave today: yesterday's batches went into the bunker after the truck's last run.
    const day = load.state === 'received' ? load.daysAgo : 0;
    const { receiver, method } = METHOD[load.to];
    const receiverId = (await actor(receiver)).actor.organisationId!;
    const m = await createManifest(db, plant, {
      batchIds: [batches[k].id], receiverId, transporterIds: [haulier.id], vehicleId: truck.id, driverId: driver.id, plannedDate: shanghaiDate(momentOf(now, day, start)),
    }, 'sludge');
    manifests++;
    await signManifest(db, plant, m.id, { action: 'sign_emission', at: momentOf(now, day, start) });
    if (load.state === 'awaiting_pickup') continue;
    // The plant's weighbridge differs from the declared figure by a few tenths of a percent.
    const pickupWeightT = round(load.t * (1 + (((k * 7) % 15) - 6) / 1000));
    await signManifest(db, await actor(DRIVER), m.id, { action: 'sign_transport', data: { pickupWeightT }, at: momentOf(now, day, start + 1) });
    if (load.state === 'in_transit') continue;
    // Dewatered sludge drains on the road: the gate weighs 1–3 % less.
    const receivedWeightT = round(pickupWeightT * (1 - (1 + ((k * 11) % 21) / 10) / 100));
    await signManifest(db, await actor(receiver), m.id, {
      action: 'sign_reception', at: momentOf(now, day, start + 3),
      data: { receptionOutcome: 'accepted', receivedWeightT, treatmentMethod: method, receivedMoisturePct: round(load.moisturePct - 0.4, 1), ...(load.note ? { receptionNote: load.note } : {}) },
    });
    if (harmlessDisposal(method, load.moisturePct)) harmlessT += receivedWeightT;
  }
  const generatedT = loads.reduce((t, l) => t + l.t, 0);
  return `${loads.length} batches, ${round(generatedT, 1)} t generated, ${manifests} truckloads, ${round(harmlessT, 1)} t disposed of harmlessly`;
}
