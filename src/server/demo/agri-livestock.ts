import { inArray } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { statisticalInputs } from '../statistics/schema';
import { livestockFarmYears, manureMonths } from '../livestock/schema';
import { manureHooks } from '../livestock/manifest-hooks';
import { PIG_EQUIVALENTS_STATISTIC } from '../livestock/formulas';
import { MANURE_CODE } from '../../domain/streams/manure';
import { STORAGE_DAYS_DEFAULT, estimatedManureT, isScaleFarm, pigEquivalents, requiredStorageM3, speciesRule, type Species } from '../../domain/agri/livestock';
import { FARMS, type DemoFarm } from './agri-cast';
import { demoActors } from './actors';
import { HistoryWriter } from './history';
import { historyRecorder, serviceRecorder } from './recorder';
import { addDays, at, demoCalendar, liveMoment, randomFrom } from './calendar';

// The demo's 畜禽养殖场 and 畜禽粪污 in 临清 (issue 16): the thirty farms of the cast with last year's and
// this year's register entries (head counts from the cast; last year a little smaller), their
// facilities (the scale farms complete but two: 兴旺养猪场's slurry pond is too small for its herd and
// 聚福养猪场 has no rain-sewage separation; the family yards have little), seven designated
// 标准化示范场, the monthly manure ledgers of last year and of this year up to last month, and some sixty
// hand-overs to 沃土有机肥 (fertplant.demo) from 鑫旺 (farm.demo) over the twelve months (more in the last five), most
// received at its weighbridge; today two loads are on the road and one, picked up yesterday, waits
// at the gate. The bureau's statistics put the whole city's livestock (backyard keepers included) at
// about 86 % in scale farms, so the register and the statistics tell one story.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };
type Organisation = typeof organisations.$inferSelect;

/** Farms whose facilities fall short though they are scale farms, and what they lack. */
const SHORT: Record<string, 'storage' | 'rain'> = { farm08: 'storage', farm22: 'rain' };
/** 标准化示范场 designations: level and year. */
const DESIGNATED: Record<string, ['national' | 'provincial' | 'municipal', number]> = {
  farm10: ['national', 2019], farm01: ['provincial', 2021], farm05: ['provincial', 2020], farm30: ['provincial', 2022],
  farm17: ['municipal', 2022], farm20: ['municipal', 2023], farm02: ['municipal', 2024],
};
/** The farm that hands manure to the fertiliser plant, with its login (the cast's farm.demo). */
const HANDING: [string, string][] = [['farm01', 'farm.demo']];
const HANDOVER_DAYS = 150;
const BUYER = '临清市尚店镇禾丰蔬菜种植专业合作社';
/** Share of the scale farms' livestock in the whole city's (pig equivalents), as the bureau's statistics give it. */
const SCALE_SHARE = 0.86;

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

function facilitiesOf(f: DemoFarm, stock: number, scale: boolean) {
  const species = f.species as Species;
  const required = requiredStorageM3(species, stock, STORAGE_DAYS_DEFAULT);
  if (!scale) return { storageM3: Math.round(required * 0.3), dryYardM2: 20, covered: false, rainSeparated: false, facilityKind: stock > 100 ? 'slurry_storage' : 'none' };
  const kind = species === 'pig' ? (stock >= 2000 ? 'biogas' : 'slurry_storage') : species === 'dairy_cattle' ? 'separation' : species === 'duck' ? 'fermentation_bed' : 'compost';
  const yard = Math.max(60, Math.round(stock * speciesRule(species)!.dailyManureT * 30 / 1.2));
  return {
    storageM3: SHORT[f.key] === 'storage' ? Math.round(required * 0.4) : Math.ceil(required * 1.2), dryYardM2: yard,
    covered: true, rainSeparated: SHORT[f.key] !== 'rain', facilityKind: kind,
  };
}

export async function seedAgriLivestock(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  const cal = demoCalendar(now);
  const thisYear = Number(cal.today.slice(0, 4)), thisMonth = Number(cal.today.slice(5, 7));
  const orgs = await db.select().from(organisations).where(inArray(organisations.name, [...FARMS.map((f) => f.name), '临清市沃土生物有机肥有限公司']));
  const byName = new Map(orgs.map((o) => [o.name, o]));
  const farmOrg = (key: string) => byName.get(FARMS.find((f) => f.key === key)!.name)!;
  const plant = byName.get('临清市沃土生物有机肥有限公司')!;
  const [bureau] = await db.select({ id: users.id }).from(users).where(inArray(users.username, ['agri.linqing']));

  const actor = demoActors(db);
  const bureauCtx = await actor('agri.linqing');

  // The register: each farm's last year and this year, recorded by the farm or (without a login) the bureau.
  const entries = new Map<string, { species: Species; stock: number; scale: boolean; complete: boolean }>();
  const scalePe = new Map<number, number>();
  await db.transaction(async (tx) => {
    for (const f of FARMS) {
      const o = farmOrg(f.key);
      const login = HANDING.find(([k]) => k === f.key)?.[1];
      const ctx = login ? await actor(login) : bureauCtx;
      for (const year of [thisYear - 1, thisYear]) {
        const factor = year === thisYear ? 1 : 0.94;
        const stock = Math.round(f.stock * factor), sold = Math.round(f.soldPerYear * (year === thisYear ? 1 : 0.93));
        const species = f.species as Species;
        const scale = isScaleFarm(species, { stock, sold }, speciesRule(species)!.threshold);
        const facilities = facilitiesOf(f, Math.round(f.stock), scale);
        const [level, since] = DESIGNATED[f.key] ?? [null, null];
        const [row] = await tx.insert(livestockFarmYears).values({
          regionCode: o.regionCode, organisationId: o.id, year, species, stockHead: stock, soldHead: sold, ...facilities,
          demonstrationLevel: since !== null && since <= year ? level : null, demonstrationYear: since !== null && since <= year ? since : null,
          recordedBy: ctx.actor.userId!, recordedAt: year === thisYear ? at(`${thisYear}-01-${String(5 + (f.stock % 20)).padStart(2, '0')}`, 10) : at(`${thisYear - 1}-01-10`, 10),
        }).returning();
        await recordAudit(tx, ctx, { action: 'livestock_farm_year.record', entityType: 'livestock_farm_year', entityId: row.id, regionCode: row.regionCode, organisationId: o.id, after: row });
        entries.set(`${f.key}:${year}`, { species, stock, scale, complete: scale && !SHORT[f.key] });
        if (scale) scalePe.set(year, (scalePe.get(year) ?? 0) + pigEquivalents(species, stock));
      }
    }
  });

  // Hand-overs to the fertiliser plant: every fourth day in turn among the four farms; the plant's truck
  // fetches the load in the morning and weighs it at its gate before noon.
  const plantCtx = await actor('fertplant.demo');
  const fertiliser = new Map<string, number>();
  const w = new HistoryWriter();
  let handovers = 0, receivedT = 0;
  const start = cal.first, recent = addDays(cal.today, -HANDOVER_DAYS);
  const tell = async (live: boolean) => {
    const rec = live ? serviceRecorder(db, now) : historyRecorder(w);
    for (let day = start, d = 0; day <= cal.today; day = addDays(day, 1), d++) {
      if ((day >= cal.liveFrom) !== live) continue;
      const yesterday = day === addDays(cal.today, -1), today = day === cal.today;
      // Every fourth day in the last five months, every eighth before (the plant's contracts grew this year).
      const every = day >= recent ? 4 : 8;
      const turns = today ? [1, 2] : yesterday ? [3] : d % every === 0 ? [0] : [];
      for (const k of turns) {
        const [key, login] = HANDING[0];
        const o = farmOrg(key), ctx = await actor(login);
        const moment = (hour: number) => (live ? liveMoment(now, day, hour + (k === 2 ? 5 : 0)) : at(day, hour));
        const declaredWeightT = round(16 + ((d * 7 + k * 5) % 11), 1);
        const input = manureHooks.prepare({ declaredWeightT, plannedDate: day, receiverId: plant.id, manureForm: 'solid' });
        const species = speciesRule(entries.get(`${key}:${Number(day.slice(0, 4))}`)!.species)!;
        const m = await rec.manifest(ctx, 'manure', o as Organisation, input, { receiver: plant, transporterIds: [plant.id], vehicle: null, driver: null }, moment(7),
          { load: { wasteCode: MANURE_CODE, wasteName: `畜禽粪污（${species.zh}干粪（固体粪便））`, physicalForm: '干粪（固体粪便）', declaredWeightT, batches: [], held: new Map(), extra: { species: species.zh } } });
        if (!m) continue;
        await rec.sign(ctx, m, 'sign_emission', moment(7.1));
        const pickupWeightT = round(declaredWeightT * 0.98, 2);
        await rec.sign(plantCtx, m, 'sign_transport', moment(8.5), { vehiclePlate: '鲁P3F627', pickupWeightT });
        if (today || yesterday) continue;
        const receivedWeightT = round(pickupWeightT * (0.95 + ((d + k) % 4) / 100), 2);
        const signed = await rec.sign(plantCtx, m, 'sign_reception', moment(11), { receptionOutcome: 'accepted', receivedWeightT, treatmentMethod: 'organic_fertiliser', weighbridgeTicketNo: `WT${day.replace(/-/g, '')}${k}` });
        if (!signed) continue;
        handovers++;
        receivedT += receivedWeightT;
        const month = `${key}:${day.slice(0, 7)}`;
        fertiliser.set(month, (fertiliser.get(month) ?? 0) + receivedWeightT);
      }
    }
  };
  await tell(false);
  await db.transaction((tx) => w.flush(tx));
  await tell(true);

  // The monthly ledgers: last year's twelve months and this year's up to last month.
  const random = randomFrom(16_2026);
  let generated = 0, used = 0, months = 0;
  await db.transaction(async (tx) => {
    for (const f of FARMS) {
      const o = farmOrg(f.key);
      const login = HANDING.find(([k]) => k === f.key)?.[1];
      const ctx = login ? await actor(login) : bureauCtx;
      for (const year of [thisYear - 1, thisYear]) {
        const entry = entries.get(`${f.key}:${year}`)!;
        const share = entry.complete ? 0.9 + random() * 0.06 : entry.scale ? 0.78 : 0.5;
        for (let month = 1; month <= (year === thisYear ? thisMonth - 1 : 12); month++) {
          const measured = f.species === 'dairy_cattle' && f.key === 'farm05';
          const generatedT = round(estimatedManureT(entry.species, entry.stock, year, month) * (measured ? 0.97 : 1));
          const usedT = generatedT * share;
          const fertT = fertiliser.get(`${f.key}:${year}-${String(month).padStart(2, '0')}`) ?? 0;
          const biogasT = round(entry.scale && f.species === 'pig' && f.stock >= 2000 ? usedT * 0.3 : 0);
          const soldT = round(['layer', 'broiler'].includes(f.species) && entry.scale ? usedT * 0.3 : 0);
          const fieldT = round(Math.max(0, usedT - fertT - biogasT - soldT));
          const [row] = await tx.insert(manureMonths).values({
            regionCode: o.regionCode, organisationId: o.id, year, month, basis: measured ? 'measured' : 'coefficient', generatedT,
            generatedNote: measured ? '干粪地磅计量，粪水按流量计读数' : null, fieldT, fieldAreaMu: fieldT > 0 ? round(fieldT / 2.5, 1) : null, biogasT, soldT, soldTo: soldT > 0 ? BUYER : null,
            recordedBy: ctx.actor.userId!, recordedAt: at(addDays(`${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01`, 4), 9),
          }).returning();
          await recordAudit(tx, ctx, { action: 'manure_month.record', entityType: 'manure_month', entityId: row.id, regionCode: row.regionCode, organisationId: o.id, after: row });
          generated += generatedT; used += Math.min(generatedT, fieldT + fertT + biogasT + soldT); months++;
        }
      }
    }
    // The bureau's livestock statistics: the whole city in pig equivalents, backyard keepers included.
    for (const year of [thisYear - 1, thisYear]) {
      const value = Math.round((scalePe.get(year) ?? 0) / SCALE_SHARE / 100) * 100;
      const [row] = await tx.insert(statisticalInputs).values({
        regionCode: '371581', year, key: PIG_EQUIVALENTS_STATISTIC, value, source: `临清市农业农村局 ${year}年畜牧业统计（存栏折猪当量，含散养户）`, enteredBy: bureau.id,
      }).returning();
      await recordAudit(tx, bureauCtx, { action: 'statistical_input.enter', entityType: 'statistical_input', entityId: row.id, regionCode: row.regionCode, after: row });
    }
  });
  return `${FARMS.length} farms on the register for two years, ${months} monthly manure records (${Math.round((used / generated) * 1000) / 10}% used), ${handovers} hand-overs received (${Math.round(receivedT)} t)`;
}
