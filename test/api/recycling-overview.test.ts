import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { loadActorByUserId } from '../../src/server/platform/accounts/service';
import { recordIntake, type IntakeInput } from '../../src/server/recycling/intake';
import { formulaByKey } from '../../src/server/indicators/formulas';
import { organisations } from '../../src/server/platform/organisations/schema';
import { shanghaiDate, shanghaiYear } from '../../src/domain/labels';
import { AppError } from '../../src/server/http/errors';

// 再生资源 (issue 17): the indicators the recycling network's ledgers compute (再生资源回收量增长率,
// 医疗卫生机构可回收物回收率, and what residents sell counted in 生活垃圾回收利用率), the commerce
// bureau's overview of its plan rows, the 大屏's part, and the rules every intake keeps whoever records it.
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const db = () => t.database.db;
const year = shanghaiYear(new Date());
const today = shanghaiDate(new Date());
const SONGLIN = '371581101', KANGZHUANG = '371581103';

const orgNamed = async (name: string) => (await db().select().from(organisations).where(sql`${organisations.name} = ${name}`))[0];
const stationCtx = async () => {
  const [u] = (await db().execute<{ id: string }>(sql`SELECT id FROM users WHERE username = 'rrstation.demo'`)).rows;
  return { actor: await loadActorByUserId(db(), u.id), actorLabel: 'test' };
};
/** The 松林镇 station of the demo company: a clerk's own station is rrstation1; the service is called as the caller would after authorising. */
const songlinStation = () => orgNamed('临清市再生资源回收利用有限公司松林镇回收网点');
const intake = async (input: Partial<IntakeInput>) => {
  const ctx = await stationCtx();
  const site = await songlinStation();
  return db().transaction((tx) => recordIntake(tx, ctx, site, { receivedOn: today, category: 'paper', weightKg: 100, source: 'walk_in', ...input } as IntakeInput));
};
const refusal = async (input: Partial<IntakeInput>) => {
  try { await intake(input); } catch (e) { if (e instanceof AppError) return { status: e.status, code: e.code, path: e.path }; throw e; }
  throw new Error('the intake was accepted');
};
const compute = (key: string, regionCode: string) => formulaByKey(key)!.compute(db(), { regionCode, year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '/' });
const input = (c: Awaited<ReturnType<typeof compute>>, key: string) => c.inputs?.find((i) => i.key === key)?.value ?? null;

describe('the renewable-resource indicators', () => {
  it('counts an intake once where it first enters the network: a sorting centre’s receipt of a station’s load adds nothing', async () => {
    const before = input(await compute('recyclables_growth_rate', SONGLIN), 'recovered') as number;
    await intake({ weightKg: 1250, category: 'paper' });
    await intake({ weightKg: 400, category: 'ferrous', source: 'load' });
    const after = await compute('recyclables_growth_rate', SONGLIN);
    expect(input(after, 'recovered')).toBeCloseTo(before + 1.25, 3);
  });

  it('computes 临清’s growth against its 2020 statistics, scaled to a full year while the year runs', async () => {
    const c = await compute('recyclables_growth_rate', '371581');
    const base = input(c, 'baseline') as number;
    const annual = input(c, 'annualised') as number;
    expect(base).toBeGreaterThan(0);
    expect(annual).toBeGreaterThanOrEqual(input(c, 'recovered') as number);
    expect(c.value).toBeCloseTo(((annual - base) / base) * 100, 2);
  });

  it('counts the medical institutions whose recyclables reached a station, over all registered ones', async () => {
    const clinic = await orgNamed('临清市康庄镇卫生院');
    const before = await compute('medical_recyclables_rate', KANGZHUANG);
    const alreadyCovered = (input(before, 'covered') as number) ?? 0;
    await intake({ category: 'plastic', weightKg: 38.5, source: 'institution', sellerOrgId: clinic.id, note: '输液瓶（袋），未被污染' });
    const after = await compute('medical_recyclables_rate', KANGZHUANG);
    const covered = input(after, 'covered') as number;
    expect(covered).toBeGreaterThanOrEqual(1);
    expect(covered - alreadyCovered).toBeLessThanOrEqual(1);
    expect(after.value).toBeCloseTo((covered / (after.denominator as number)) * 100, 2);
  });

  it('gives no medical rate where no recycling station keeps its ledger on the platform, rather than 0 %', async () => {
    const c = await compute('medical_recyclables_rate', '370105');
    expect(c.value).toBeNull();
    expect(c.missing?.zh).toMatch(/回收网点/);
  });

  it('counts what residents sell to a station in 生活垃圾回收利用率, in the recovered part and in the whole', async () => {
    const before = await compute('household_recovery_rate', SONGLIN);
    await intake({ category: 'textile', weightKg: 500, source: 'walk_in' });
    await intake({ category: 'ferrous', weightKg: 700, source: 'enterprise', sellerName: '临清市某轴承厂', sellerCertificate: '临轴证〔2026〕12号' });
    const after = await compute('household_recovery_rate', SONGLIN);
    // Only the resident's sale: a company's scrap is no household waste.
    expect(after.numerator - before.numerator).toBeCloseTo(0.5, 3);
    expect((after.denominator as number) - (before.denominator as number)).toBeCloseTo(0.5, 3);
  });
});

describe('the rules of every intake', () => {
  it('refuses scrap metal from a company without the seller’s certificate, and from a person without his identity', async () => {
    expect(await refusal({ category: 'ferrous', source: 'enterprise' })).toEqual({ status: 400, code: 'SELLER_REQUIRED', path: 'sellerCertificate' });
    expect(await refusal({ category: 'nonferrous', source: 'collector', sellerName: '张三', sellerAddress: '临清市松林镇' })).toEqual({ status: 400, code: 'SELLER_REQUIRED', path: 'sellerIdNo' });
  });

  it('refuses a day to come, a negative price, appliances without units and a serial already collected', async () => {
    expect(await refusal({ receivedOn: `${year + 1}-01-01` })).toMatchObject({ code: 'FUTURE_DATE', path: 'receivedOn' });
    expect(await refusal({ unitPriceYuan: -1 })).toMatchObject({ code: 'NEGATIVE_PRICE', path: 'unitPriceYuan' });
    expect(await refusal({ category: 'ewaste', weightKg: 55 })).toMatchObject({ code: 'UNITS_REQUIRED', path: 'units' });
    const fridge = { applianceType: 'fridge', brand: '海尔', model: 'BCD-215', serial: `TEST-${Date.now()}`, weightKg: 55 };
    const first = await intake({ category: 'ewaste', weightKg: 55, units: [fridge] });
    expect(first.units).toHaveLength(1);
    expect(first.itemCount).toBe(1);
    expect(await refusal({ category: 'ewaste', weightKg: 55, units: [{ ...fridge, brand: '海尔 ' }] })).toEqual({ status: 409, code: 'SERIAL_COLLECTED', path: 'units.0.serial' });
  });

  it('writes nothing when an intake is refused, and keeps the ledger append-only', async () => {
    const count = async () => (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM recycling_intake`)).rows[0].n;
    const before = await count();
    await refusal({ category: 'ferrous', source: 'enterprise' });
    expect(await count()).toBe(before);
    const failure = (statement: Promise<unknown>) => statement.then(() => 'accepted', (err: Error & { cause?: Error }) => String(err.cause?.message ?? err.message));
    expect(await failure(db().execute(sql`UPDATE recycling_intake SET weight_kg = 0 WHERE id = (SELECT id FROM recycling_intake LIMIT 1)`))).toMatch(/append-only/);
    expect(await failure(db().execute(sql`DELETE FROM ewaste_units WHERE id = (SELECT id FROM ewaste_units LIMIT 1)`))).toMatch(/append-only/);
  });
});

describe('the commerce bureau’s overview', () => {
  const read = async (username: string, query = '') => {
    const res = await (await Client.login(t.app, username)).get(`/api/recycling/overview${query}`);
    return { status: res.statusCode, body: JSON.parse(res.body) as { plan: { regionCode: string } | null; rows: { no: number; name: string; source: string; lead: string; responsible: string }[] } };
  };

  it('gives 临清’s commerce bureau the rows it answers for and those the network computes: 21, 22 and 23', async () => {
    const { status, body } = await read('commerce.linqing');
    expect(status).toBe(200);
    expect(body.plan?.regionCode).toBe('371581');
    const byNo = new Map(body.rows.map((r) => [r.no, r]));
    for (const no of [21, 22, 23]) expect(byNo.get(no)?.source, `row ${no}`).toBe('computed');
    expect(byNo.has(1)).toBe(false);
  });

  it('refuses other departments and companies, and an area above the reader’s', async () => {
    expect((await read('eco.linqing')).status).toBe(403);
    expect((await read('rrstation.demo')).status).toBe(403);
    expect((await read('commerce.linqing', '?regionCode=371500')).status).toBe(404);
    expect((await read('office.linqing', '?regionCode=371581001')).status).toBe(200);
  });

  it('shows the computed rates on the commerce bureau’s 大屏, and not on the housing department’s', async () => {
    const screen = async (username: string) => JSON.parse((await (await Client.login(t.app, username)).get('/api/dashboard')).body) as { recycling: { no: number; value: number | null }[] | null };
    const commerce = await screen('commerce.linqing');
    expect(commerce.recycling?.map((r) => r.no)).toEqual(expect.arrayContaining([21, 22, 23]));
    expect((await screen('housing.linqing')).recycling).toBeNull();
  });
});
