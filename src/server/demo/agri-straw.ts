import { inArray } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudits, type AuditContext } from '../platform/audit/service';
import { filmRecords } from '../film/schema';
import { recordFilm } from '../film/service';
import { planSeason, setCoefficients, writeSeason, type SeasonInput } from '../straw/service';
import { AppError } from '../http/errors';
import { shanghaiDate } from '../../domain/labels';
import type { StrawCrop, StrawUses } from '../../domain/agri/straw';
import { DEALERS, FILM_USERS, STATIONS, STRAW_USERS, AGRI_RECEIVERS } from './agri-cast';
import { TOWN_NAMES } from './towns';
import { demoActors } from './actors';

// The demo's straw and farm film in 临清 (issue 16), for last year and this year so far.
// Straw: the bureau (agri.linqing) files each town's 三夏 wheat and 三秋 maize (cotton in 烟店, 唐园,
// 尚店 and 金郝庄): about 70万亩 of each, wheat 0.40-0.45 t/亩, maize 0.50-0.55 t/亩, used 95-96 % of
// the collectable straw, mostly returned to the field and fed as silage; the bureau has measured its
// own maize coefficients; one of last year's filings was corrected. The four streets have little
// farmland. Film: the co-operatives record their mulch and greenhouse film by town, the dealers
// their sales, the towns' collection points what they take back (91-93 % of use) and the recycler
// its intake; a dealer's sale of 0.008 mm mulch was refused and raised an alarm.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };

/** Sown area of wheat per town (亩); maize follows wheat except where cotton takes the field. */
const WHEAT_MU: Record<string, number> = {
  '371581001': 3000, '371581002': 2500, '371581003': 4000, '371581004': 24500,
  '371581101': 62000, '371581102': 58000, '371581103': 66000, '371581104': 60000, '371581105': 52000, '371581107': 55000, '371581108': 57000,
  '371581109': 48000, '371581110': 50000, '371581111': 54000, '371581112': 59000, '371581113': 45000,
};
const COTTON_MU: Record<string, number> = { '371581109': 12000, '371581110': 8000, '371581113': 9000, '371581111': 7000 };

/** A fixed wobble in [0, 1) for a town, crop and year, so the demo's figures differ but never change between runs. */
function wobble(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const c of parts.join(':')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Shares of the used straw by use, per crop: wheat mostly returned, maize returned and ensiled, cotton stalks burnt for heat or pulped. */
const USE_SHARES: Record<'wheat' | 'maize' | 'cotton', StrawUses> = {
  wheat: { fieldReturnT: 0.86, fertiliserT: 0.02, feedT: 0.07, fuelT: 0.02, substrateT: 0.02, materialT: 0.01 },
  maize: { fieldReturnT: 0.68, fertiliserT: 0.02, feedT: 0.24, fuelT: 0.03, substrateT: 0.02, materialT: 0.01 },
  cotton: { fieldReturnT: 0.4, fertiliserT: 0.05, feedT: 0, fuelT: 0.42, substrateT: 0, materialT: 0.13 },
};
/** 临清's own maize coefficients (the bureau's 2024 field measurement), replacing the reference values. */
const MAIZE_MEASURED = { grainRatio: 1.15, collectableShare: 0.9, source: '临清市农业农村局2024年秸秆资源台账实测（12个镇、120个样方）' };

export async function seedAgriStraw(db: Db, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const bureau = await as('agri.linqing');
  const today = shanghaiDate(now);
  const thisYear = Number(today.slice(0, 4));
  const orgNames = [...STRAW_USERS, ...FILM_USERS, ...AGRI_RECEIVERS].map((e) => e.name).concat(STATIONS.map((s) => s.name), DEALERS.map((d) => d.name));
  const orgRows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.name, orgNames));
  const idByName = new Map(orgRows.map((o) => [o.name, o.id]));
  const idOf = (name: string) => { const id = idByName.get(name); if (!id) throw new Error(`demo organisation ${name} is missing`); return id; };
  const user = (key: string) => STRAW_USERS.find((u) => u.key === key)!;

  await setCoefficients(db, bureau, { regionCode: '371581', crop: 'maize', ...MAIZE_MEASURED });

  // ---- straw --------------------------------------------------------------------------------------
  let filings = 0;
  const file = async (input: SeasonInput) => {
    await db.transaction(async (tx) => {
      const plan = await planSeason(tx, bureau.actor, input);
      if (plan.problems.length) throw new Error(`demo straw filing ${input.regionCode} ${input.crop}: ${plan.problems.map((p) => p.en).join('; ')}`);
      await writeSeason(tx, bureau, plan.row!, 'form');
    });
    filings++;
  };
  const season = (town: string, year: number, harvest: 'summer' | 'autumn', crop: 'wheat' | 'maize' | 'cotton', sownMu: number, rateOffset = 0): SeasonInput => {
    const w = wobble(town, crop, year);
    const perMu = crop === 'wheat' ? 400 + 50 * w : crop === 'maize' ? 500 + 50 * w : 230 + 40 * w;
    const yieldT = Math.round(sownMu * perMu) / 1000;
    const ratio = crop === 'maize' ? MAIZE_MEASURED : crop === 'wheat' ? { grainRatio: 1.1, collectableShare: 0.85 } : { grainRatio: 3.0, collectableShare: 0.85 };
    // Collectable as the service works it out (t to 3 decimals), then 95-96 % of it used.
    const collectable = Math.round(Math.round(yieldT * ratio.grainRatio * 1000) / 1000 * ratio.collectableShare * 1000) / 1000;
    const used = collectable * (0.95 + 0.012 * wobble(town, crop, year, 'rate') - rateOffset);
    // Rounded down to 0.1 t, so that the uses never add up to more than the collectable straw.
    const uses = Object.fromEntries(Object.entries(USE_SHARES[crop]).map(([k, share]) => [k, Math.floor(used * share * 10) / 10])) as StrawUses;
    const townName = TOWN_NAMES[town];
    const entities = [
      ...(uses.feedT > 0 ? [{ organisationId: idOf(user(wobble(town) < 0.5 ? 'strawfeed' : 'strawcoop').name), tonnes: r1(uses.feedT * 0.6) }, { name: `${townName}秸秆收储专业合作社（青贮）`, tonnes: r1(uses.feedT * 0.3) }] : []),
      ...(uses.fuelT > 0 ? [{ organisationId: idOf(user('strawfuel').name), tonnes: r1(uses.fuelT * 0.9) }] : []),
      ...(uses.substrateT > 0 ? [{ organisationId: idOf(user('strawmush').name), tonnes: r1(uses.substrateT * 0.9) }] : []),
      ...(uses.materialT > 0 ? [{ organisationId: idOf(user('strawboard').name), tonnes: r1(uses.materialT * 0.9) }] : []),
    ].filter((e) => e.tonnes > 0);
    return { regionCode: town, year, harvest, crop, sownMu, yieldT, uses, entities, remark: '' };
  };
  // A harvest is filed once it is in: 三夏 by the end of June, 三秋 by late October.
  const harvested = (year: number, harvest: 'summer' | 'autumn') => year < thisYear || today >= `${year}-${harvest === 'summer' ? '06-25' : '10-25'}`;
  for (const year of [thisYear - 1, thisYear]) {
    for (const [town, wheatMu] of Object.entries(WHEAT_MU)) {
      const drift = 1 + (year - thisYear) * 0.01;
      if (harvested(year, 'summer')) {
        // Last year's 松林 wheat was first filed short of its feed tonnes, then corrected (the first filing stays as history).
        if (year === thisYear - 1 && town === '371581101') await file(season(town, year, 'summer', 'wheat', Math.round(wheatMu * drift), 0.04));
        await file(season(town, year, 'summer', 'wheat', Math.round(wheatMu * drift)));
      }
      if (harvested(year, 'autumn')) {
        const cotton = COTTON_MU[town] ?? 0;
        await file(season(town, year, 'autumn', 'maize', Math.round((wheatMu - cotton) * drift)));
        if (cotton) await file(season(town, year, 'autumn', 'cotton', Math.round(cotton * drift)));
      }
    }
  }

  // ---- farm film ----------------------------------------------------------------------------------
  // Where film is used, by whom, and how much a year (t): cotton mulch, vegetable mulch, greenhouses.
  const USES: { town: string; user: string; tonnes: number; crop: StrawCrop; type: 'pe_mulch' | 'greenhouse' | 'biodegradable_mulch'; areaMu: number }[] = [
    { town: '371581109', user: 'filmuser1', tonnes: 96, crop: 'cotton', type: 'pe_mulch', areaMu: 19_000 },
    { town: '371581111', user: 'filmuser1', tonnes: 44, crop: 'cotton', type: 'pe_mulch', areaMu: 8_800 },
    { town: '371581113', user: 'filmuser2', tonnes: 58, crop: 'other', type: 'pe_mulch', areaMu: 11_000 },
    { town: '371581113', user: 'filmuser2', tonnes: 6, crop: 'other', type: 'biodegradable_mulch', areaMu: 1_200 },
    { town: '371581110', user: 'filmuser3', tonnes: 38, crop: 'cotton', type: 'pe_mulch', areaMu: 7_500 },
    { town: '371581107', user: 'filmuser4', tonnes: 72, crop: 'other', type: 'greenhouse', areaMu: 2_600 },
    { town: '371581108', user: 'filmuser4', tonnes: 35, crop: 'other', type: 'greenhouse', areaMu: 1_300 },
    { town: '371581101', user: 'filmuser4', tonnes: 28, crop: 'other', type: 'greenhouse', areaMu: 1_000 },
  ];
  const filmUser = (key: string) => FILM_USERS.find((u) => u.key === key)!;
  const stationOf = (town: string) => STATIONS.find((s) => s.town === town)!;
  const dealersOf = (town: string) => DEALERS.filter((d) => d.town === town);
  const recycler = AGRI_RECEIVERS.find((r) => r.key === 'filmrecycler')!;
  const bureauUser = bureau.actor.userId!;
  const rows: (typeof filmRecords.$inferInsert)[] = [];
  const add = (row: Omit<typeof filmRecords.$inferInsert, 'year' | 'recordedBy'>) => { if (row.day <= today) rows.push({ ...row, year: Number(row.day.slice(0, 4)), recordedBy: bureauUser }); };
  for (const year of [thisYear - 1, thisYear]) {
    for (const [i, u] of USES.entries()) {
      const w = wobble(u.town, u.user, u.type, year);
      const used = r1(u.tonnes * (0.96 + 0.08 * w));
      const thickness = u.type === 'greenhouse' ? 0.08 : u.type === 'pe_mulch' ? 0.012 : 0.01;
      // Mulch goes down in March and April; greenhouse film is renewed in September.
      const useDays = u.type === 'greenhouse' ? [`${year}-09-1${i % 9}`] : [`${year}-03-2${i % 9}`, `${year}-04-1${i % 9}`];
      useDays.forEach((day) => add({ regionCode: u.town, ledger: 'use', day, organisationId: idOf(filmUser(u.user).name), filmType: u.type, thicknessMm: thickness,
        tonnes: r1(used / useDays.length), crop: u.crop, areaMu: Math.round(u.areaMu / useDays.length), counterpartName: '', remark: '' }));
      // The dealers of the town (or the nearest) sold it a little ahead of use.
      const dealers = dealersOf(u.town).length ? dealersOf(u.town) : DEALERS.slice(4, 6);
      dealers.forEach((d, k) => add({ regionCode: d.town, ledger: 'sale', day: u.type === 'greenhouse' ? `${year}-08-2${k}` : `${year}-03-0${k + 2}`, organisationId: idOf(d.name), filmType: u.type,
        thicknessMm: thickness, tonnes: r1((used * 1.02) / dealers.length), counterpartName: filmUser(u.user).name, remark: '' }));
      // The town's station takes back 91-93 % of it after the harvest.
      const back = used * (0.912 + 0.018 * wobble(u.town, u.user, year, 'back'));
      const backDays = u.type === 'greenhouse' ? [`${year}-08-25`] : [`${year}-07-0${(i % 8) + 1}`, `${year}-11-1${i % 9}`];
      backDays.forEach((day) => add({ regionCode: u.town, ledger: 'takeback', day, organisationId: idOf(stationOf(u.town).name), filmType: u.type, thicknessMm: null,
        tonnes: r1(back / backDays.length), counterpartId: idOf(filmUser(u.user).name), counterpartName: filmUser(u.user).name, remark: '' }));
      // The recycler takes in what the station gathered, less what is still in its shed.
      backDays.forEach((day) => {
        const next = new Date(Date.parse(`${day}T00:00:00Z`) + 12 * 86_400_000).toISOString().slice(0, 10);
        if (next.slice(0, 4) === String(year)) add({ regionCode: recycler.regionCode, ledger: 'intake', day: next, organisationId: idOf(recycler.name), filmType: u.type, thicknessMm: null,
          tonnes: r1((back / backDays.length) * 0.97), counterpartId: idOf(stationOf(u.town).name), counterpartName: stationOf(u.town).name, remark: '' });
      });
    }
  }
  const written = rows.length ? await db.insert(filmRecords).values(rows).returning() : [];
  await recordAudits(db, SEED, written.map((r) => ({ action: 'film_record.record', entityType: 'film_record', entityId: r.id, regionCode: r.regionCode, organisationId: r.organisationId, after: r })));

  // A dealer tries to sell 0.008 mm mulch to a farmer: refused, reported and raised (through the service).
  const dealer = await as('dealer.demo');
  let refused = 0;
  try {
    await recordFilm(db, dealer, { day: today, filmType: 'pe_mulch', thicknessMm: 0.008, tonnes: 0.6, counterpartName: '松林镇农户（王某）' });
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'THIN_MULCH_FORBIDDEN') throw e;
    refused++;
  }
  return `${filings} straw filings, ${written.length} film ledger rows, ${refused} refused sale`;
}
