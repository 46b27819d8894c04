import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { capacityExceeded } from '../../src/server/alarms/rules/capacity-exceeded';
import { licenceInvalid } from '../../src/server/alarms/rules/licence-invalid';
import { ruleCandidates } from '../../src/server/alarms/engine';
import { shanghaiDate } from '../../src/domain/labels';

// 经营许可证 are ended (注销、吊销) or corrected (更正), never edited or deleted, and a receiver is checked
// against the licence in force on the manifest's day. The finding behind this: a licence of 0.0000001 t
// was stored as 0 and, being the newest, made the receiver refuse every load with no way to withdraw it.

let t: TestApp;
let receiver: Client, producer: Client, admin: Client, eco: Client, office: Client, urban: Client, ecoGuanxian: Client, transporter: Client;
let receiverId: string, medwasteLicenceId: string, transporterId: string, vehicleId: string, driverId: string;

const today = shanghaiDate(new Date());
const year = Number(today.slice(0, 4));
const dayAfter = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const SEED_LICENCE = '鲁危证37158100012';

const licence = (fields: Record<string, unknown> = {}) => ({
  number: `鲁危证TEST${Math.floor(Math.random() * 1e9)}`, validFrom: `${year}-01-01`, validTo: `${year + 4}-12-31`, wasteCodes: ['HW08'], annualCapacityT: 20000, ...fields,
});

const count = async (table: string) => Number((await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n);
const counts = async () => ({ licences: await count('licences'), audit: await count('audit_log') });
/** Runs a request that must be refused and checks that it left no licence and no audit row behind. */
async function leavesNothing<T>(request: () => Promise<T>): Promise<T> {
  const before = await counts();
  const result = await request();
  expect(await counts()).toEqual(before);
  return result;
}

interface LicenceView { id: string; number: string; state: string; endedOn: string | null; endReason: string | null; supersedesId: string | null; supersededById: string | null; annualCapacityT: number; history: { event: string; by: string | null; on: string | null; reason: string | null; licenceNo: string | null }[] }
const licencesOf = async (client: Client = receiver) => (await client.get(`/api/organisations/${receiverId}`)).json().licences as LicenceView[];
const licenceNamed = async (number: string) => (await licencesOf()).filter((l) => l.number === number);

async function addLicence(fields: Record<string, unknown> = {}, client: Client = receiver) {
  const res = await client.post(`/api/organisations/${receiverId}/licences`, licence(fields));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string };
}

const endLicence = (id: string, body: Record<string, unknown>, client: Client = receiver) => client.post(`/api/organisations/${receiverId}/licences/${id}/end`, body);
const correctLicence = (id: string, body: Record<string, unknown>, client: Client = receiver) => client.post(`/api/organisations/${receiverId}/licences/${id}/corrections`, body);

async function receiverChoice(wasteCode: string, date = today) {
  const items = (await producer.get(`/api/manifests/receivers?wasteCode=${wasteCode}&date=${date}`)).json().items as { id: string; licenceNo: string; capacity: number; remainingT: number }[];
  return items.find((r) => r.id === receiverId);
}

/** A manifest of 2 t from a fresh batch of 恒通轴承 to 绿源, planned for today. */
async function sendToReceiver(wasteCode = '900-249-08') {
  const batch = await producer.post('/api/ledger/batches', { wasteCode, physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 10, quantityT: 2, storageFacility: '1号危废暂存间' });
  expect(batch.statusCode, batch.body).toBe(201);
  return producer.post('/api/manifests', {
    batchIds: [batch.json().id], receiverId, transporterIds: [transporterId], vehicleId, driverId, plannedDate: today,
    dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告',
  });
}

const capacityCandidates = async () => (await t.database.db.execute<{ details: { licenceNo: string } }>(ruleCandidates(capacityExceeded, new Date(), receiverId))).rows;

beforeAll(async () => {
  t = await startTestApp();
  [receiver, producer, admin, eco, office, urban, ecoGuanxian, transporter] = await Promise.all(
    ['receiver.demo', 'producer.demo', 'admin', 'eco.linqing', 'office.linqing', 'urban.linqing', 'eco.guanxian', 'transporter.demo'].map((u) => Client.login(t.app, u)),
  );
  receiverId = (await receiver.get('/api/auth/me')).json().organisation.id;
  medwasteLicenceId = String((await t.database.db.execute(sql`SELECT id FROM licences WHERE number = '鲁危证37158100021'`)).rows[0].id);
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  transporterId = anyun.id;
  vehicleId = anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id;
  driverId = anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id;
});
afterAll(async () => { await t.close(); });

describe('what a licence may say', () => {
  it('refuses a capacity of 0.0000001 t, which would be stored as 0, with a 400 naming the field', async () => {
    const res = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ annualCapacityT: 0.0000001 })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ path: 'annualCapacityT', message: { zh: expect.stringContaining('0.001 吨'), en: expect.stringContaining('at least 0.001 t') } });
  });

  it.each([['more than 3 decimals', 12.0005, '3 decimals'], ['above ten million tonnes', 10_000_001, 'at most 10,000,000 t']])('refuses a capacity with %s', async (_what, annualCapacityT, en) => {
    const res = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ annualCapacityT })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ path: 'annualCapacityT', message: { en: expect.stringContaining(en) } });
  });

  it('refuses a day that is not in the calendar, a licence ending the day it starts, and a code that is no catalogue code', async () => {
    const feb30 = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ validFrom: '2025-02-30' })));
    expect(feb30.statusCode).toBe(400);
    expect(feb30.json()).toMatchObject({ path: 'validFrom', message: { en: expect.stringContaining('Not a real date') } });
    const sameDay = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ validFrom: `${year}-03-01`, validTo: `${year}-03-01` })));
    expect(sameDay.statusCode).toBe(400);
    expect(sameDay.json().path).toBe('validTo');
    const code = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ wasteCodes: ['HW08', '900-249-8'] })));
    expect(code.statusCode).toBe(400);
    expect(code.json().path).toBe('wasteCodes.1');
  });

  it('accepts the smallest capacity kept, 0.001 t, and stores it as given', async () => {
    const added = await addLicence({ annualCapacityT: 0.001, wasteCodes: ['HW31'] });
    expect((await licenceNamed(added.number))[0]).toMatchObject({ annualCapacityT: 0.001, state: 'valid' });
  });
});

describe('the finding: a bad newer licence', () => {
  let bad: { id: string; number: string };

  it('governs the receiver while it is in force: the latest licence for the code, so every load is over capacity', async () => {
    expect((await sendToReceiver()).statusCode).toBe(201);
    bad = await addLicence({ annualCapacityT: 0.001, wasteCodes: ['HW08', '900-041-49'] });
    const choice = await receiverChoice('900-249-08');
    expect(choice).toMatchObject({ licenceNo: bad.number, capacity: 0.001 });
    expect(choice!.remainingT).toBeLessThan(0);
    const refused = await sendToReceiver();
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'RECEIVER_OVER_CAPACITY', path: 'receiverId' });
    // The capacity alarm reads the same licence.
    expect((await capacityCandidates()).map((c) => c.details.licenceNo)).toEqual([bad.number]);
  });

  it('once ended from its first day, no longer counts: the 30,000 t licence governs and loads go again', async () => {
    const res = await endLicence(bad.id, { endedOn: `${year}-01-01`, reason: '年许可能力录入错误（应为 30000 吨）' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ endedOn: `${year}-01-01`, active: false });
    expect(await receiverChoice('900-249-08')).toMatchObject({ licenceNo: SEED_LICENCE, capacity: 30000 });
    expect((await sendToReceiver()).statusCode).toBe(201);
    expect(await capacityCandidates()).toEqual([]);
  });

  it('keeps the ended record, with who ended it, when, from which day and why', async () => {
    const [record] = await licenceNamed(bad.number);
    expect(record).toMatchObject({ state: 'ended', endedOn: `${year}-01-01`, endReason: '年许可能力录入错误（应为 30000 吨）', annualCapacityT: 0.001 });
    expect(record.history).toEqual([
      expect.objectContaining({ event: 'added', by: expect.any(String) }),
      expect.objectContaining({ event: 'ended', on: `${year}-01-01`, reason: '年许可能力录入错误（应为 30000 吨）' }),
    ]);
    const audit = (await t.database.db.execute(sql`SELECT action FROM audit_log WHERE entity_id = ${bad.id} ORDER BY id`)).rows.map((r) => r.action);
    expect(audit).toEqual(['licence.create', 'licence.end']);
  });

  it('cannot be ended twice or corrected once ended', async () => {
    const again = await leavesNothing(() => endLicence(bad.id, { endedOn: today, reason: '重复终止' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('LICENCE_ENDED');
    const corrected = await leavesNothing(() => correctLicence(bad.id, { ...licence({ number: bad.number }), reason: '更正' }));
    expect(corrected.statusCode).toBe(409);
  });

  it('frees its number: the licence may be recorded again as it should read', async () => {
    const again = await addLicence({ number: bad.number, validFrom: `${year}-01-02`, annualCapacityT: 30000, wasteCodes: ['HW08'] });
    expect((await licenceNamed(bad.number)).map((l) => l.state)).toEqual(['ended', 'valid']);
    expect((await endLicence(again.id, { endedOn: today, reason: '测试后终止' })).statusCode).toBe(200);
  });
});

describe('a correction', () => {
  let typo: { id: string; number: string };
  let fixed: LicenceView;

  it('with a typo of its own, governs and refuses loads like any licence', async () => {
    typo = await addLicence({ annualCapacityT: 3, validFrom: `${year}-01-03` });
    expect(await receiverChoice('900-249-08')).toMatchObject({ licenceNo: typo.number, capacity: 3 });
    expect((await sendToReceiver()).json().code).toBe('RECEIVER_OVER_CAPACITY');
  });

  it('is a new record naming the one it supersedes, which ends the day the correction starts', async () => {
    const res = await correctLicence(typo.id, { ...licence({ number: typo.number, validFrom: `${year}-01-03`, annualCapacityT: 25000 }), reason: '许可证年经营规模应为 25000 吨' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ number: typo.number, annualCapacityT: 25000, supersedesId: typo.id });
    const [old, corrected] = await licenceNamed(typo.number);
    expect(old).toMatchObject({ id: typo.id, state: 'superseded', supersededById: res.json().id, endedOn: `${year}-01-03`, annualCapacityT: 3, endReason: '许可证年经营规模应为 25000 吨' });
    expect(old.history.map((h) => h.event)).toEqual(['added', 'superseded']);
    expect(corrected).toMatchObject({ state: 'valid', supersedesId: typo.id });
    expect(corrected.history).toEqual([expect.objectContaining({ event: 'corrected', licenceNo: typo.number, reason: '许可证年经营规模应为 25000 吨' })]);
    fixed = corrected;
    const audit = (await t.database.db.execute(sql`SELECT action, entity_id FROM audit_log WHERE entity_type = 'licence' AND entity_id IN (${typo.id}, ${fixed.id}) ORDER BY id`)).rows;
    expect(audit.map((r) => r.action)).toEqual(['licence.create', 'licence.supersede', 'licence.correct']);
  });

  it('lets loads go again, against the corrected capacity', async () => {
    expect(await receiverChoice('900-249-08')).toMatchObject({ licenceNo: typo.number, capacity: 25000 });
    expect((await sendToReceiver()).statusCode).toBe(201);
  });

  it('cannot correct the superseded record a second time', async () => {
    const res = await leavesNothing(() => correctLicence(typo.id, { ...licence({ number: typo.number }), reason: '再次更正' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LICENCE_ENDED');
  });

  it('writes nothing when it fails: a number held by another licence in force leaves the old one in force', async () => {
    const res = await leavesNothing(() => correctLicence(fixed.id, { ...licence({ number: SEED_LICENCE }), reason: '编号更正' }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DUPLICATE_LICENCE', path: 'number' });
    expect((await licenceNamed(typo.number)).map((l) => l.state)).toEqual(['superseded', 'valid']);
    const bad = await leavesNothing(() => correctLicence(fixed.id, { ...licence({ annualCapacityT: 0.0000001 }), reason: '更正' }));
    expect(bad.json().path).toBe('annualCapacityT');
    const noReason = await leavesNothing(() => correctLicence(fixed.id, licence()));
    expect(noReason.json().path).toBe('reason');
  });
});

describe('ending a licence', () => {
  it('needs a day that has come, within the licence, a real date and a reason', async () => {
    const l = await addLicence({ validFrom: `${year}-01-05` });
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ endedOn: dayAfter(today, 1), reason: '提前终止' }, 'endedOn', 'END_IN_FUTURE'],
      [{ endedOn: `${year - 1}-12-31`, reason: '早于生效' }, 'endedOn', 'END_BEFORE_START'],
      [{ endedOn: `${year}-02-30`, reason: '日期错误' }, 'endedOn'],
      [{ endedOn: today }, 'reason'],
      [{ endedOn: today, reason: '多余字段', capacity: 1 }, ''],
    ];
    for (const [body, path, code] of cases) {
      const res = await leavesNothing(() => endLicence(l.id, body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (path) expect(res.json().path).toBe(path);
      if (code) expect(res.json().code).toBe(code);
    }
    expect((await endLicence(l.id, { endedOn: today, reason: '企业申请注销' })).statusCode).toBe(200);
  });

  it('answers 404 for a licence that is not this organisation’s, or does not exist', async () => {
    expect((await leavesNothing(() => endLicence(medwasteLicenceId, { endedOn: today, reason: '别家的证' }, admin))).statusCode).toBe(404);
    expect((await leavesNothing(() => endLicence('00000000-0000-4000-8000-000000000000', { endedOn: today, reason: '不存在' }, admin))).statusCode).toBe(404);
  });
});

describe('who may end or correct a licence', () => {
  let l: { id: string; number: string };
  beforeAll(async () => { l = await addLicence(); });

  it('refuses companies and officials outside the area with 404, and officials who issue no licences with 403', async () => {
    for (const [client, status] of [[producer, 404], [transporter, 404], [ecoGuanxian, 404], [urban, 403]] as const) {
      expect((await leavesNothing(() => endLicence(l.id, { endedOn: today, reason: '无权终止' }, client))).statusCode).toBe(status);
      expect((await leavesNothing(() => correctLicence(l.id, { ...licence(), reason: '无权更正' }, client))).statusCode).toBe(status);
    }
  });

  it('lets the ecology regulator and the office end a licence (吊销) but not write one in the company’s name', async () => {
    for (const client of [eco, office]) {
      expect((await leavesNothing(() => correctLicence(l.id, { ...licence(), reason: '监管部门更正' }, client))).statusCode).toBe(403);
      expect((await client.get(`/api/organisations/${receiverId}`)).json().licencePermissions).toEqual(['end']);
    }
    expect((await receiver.get(`/api/organisations/${receiverId}`)).json().licencePermissions).toEqual(['correct', 'end']);
    expect((await urban.get(`/api/organisations/${receiverId}`)).json().licencePermissions).toEqual([]);
  });

  it('lets the platform administrator correct, and records who did', async () => {
    const res = await correctLicence(l.id, { ...licence({ number: l.number, annualCapacityT: 21000 }), reason: '平台管理员代为更正' }, admin);
    expect(res.statusCode, res.body).toBe(201);
    const [, corrected] = await licenceNamed(l.number);
    expect(corrected.history[0]).toMatchObject({ event: 'corrected', by: expect.any(String) });
  });

  it('revocation by the regulator, for the days from then on: loads of a code only that licence covered are refused, earlier days keep it', async () => {
    const [seed] = await licenceNamed(SEED_LICENCE);
    const open = await sendToReceiver('900-041-49');
    expect(open.statusCode, open.body).toBe(201);
    const res = await endLicence(seed.id, { endedOn: today, reason: '聊环许可吊销〔2026〕1号' }, eco);
    expect(res.statusCode, res.body).toBe(200);
    const [revoked] = await licenceNamed(SEED_LICENCE);
    expect(revoked.state).toBe('ended');
    expect(revoked.history[1]).toMatchObject({ event: 'ended', by: '李建国（生态环境分局）', on: today });
    const refused = await sendToReceiver('900-041-49');
    expect(refused.json().code).toBe('RECEIVER_NOT_LICENSED');
    expect(await receiverChoice('900-041-49', dayAfter(today, -1))).toMatchObject({ licenceNo: SEED_LICENCE });
    const invalid = (await t.database.db.execute<{ subject_id: string }>(ruleCandidates(licenceInvalid, new Date(), open.json().id))).rows;
    expect(invalid.map((r) => r.subject_id)).toEqual([open.json().id]);
  });
});
