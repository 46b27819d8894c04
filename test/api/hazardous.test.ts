import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { lastClosedPeriod } from '../../src/domain/hazardous/periods';

let t: TestApp;
let producer: Client, eco: Client, ecoGuanxian: Client, receiver: Client, driver: Client;
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

beforeAll(async () => {
  t = await startTestApp();
  [producer, eco, ecoGuanxian, receiver, driver] = await Promise.all(['producer.demo', 'eco.linqing', 'eco.guanxian', 'receiver.demo', 'driver.demo'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

const a3 = (expectedT: number) => [{ wasteCode: '900-249-08', internalName: '废切削液', expectedT, physicalForm: '液态' }, { wasteCode: '900-041-49', expectedT: 1, physicalForm: '固态' }];

describe('the annual management plan (管理计划)', () => {
  it('works out the management class from the tonnage and asks for the tables that class fills', async () => {
    const res = await producer.put(`/api/plans/mine/${thisYear}`, { ownFacility: false, tables: { A3: a3(120) } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().managementClass).toBe('key');
    expect(res.json().requiredTables).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
    const submit = await producer.post(`/api/plans/mine/${thisYear}/submit`);
    expect(submit.statusCode).toBe(400);
    expect(submit.json().code).toBe('PLAN_TABLES_MISSING');
    expect(submit.json().message.zh).toContain('A.2 设施信息');
  });

  it('files a registration-class plan with A.1, A.3 and A.7 and the regulator approves it', async () => {
    const put = await producer.put(`/api/plans/mine/${thisYear}`, { ownFacility: false, tables: { A3: a3(5), A7: [{ type: '省内转移', wasteCode: '900-249-08', expectedT: 5, receiver: '临清市绿源环保科技有限公司' }] } });
    expect(put.json().managementClass).toBe('registered');
    expect(put.json().tables.A1.creditCode).toMatch(/^91371581/);
    expect((await producer.post(`/api/plans/mine/${thisYear}/submit`)).json().status).toBe('submitted');
    const list = (await eco.get(`/api/plans?year=${thisYear}&pageSize=100`)).json();
    const mine = list.items.find((i: { organisationName: string }) => i.organisationName === '临清市恒通轴承制造有限公司');
    expect(mine.status).toBe('submitted');
    expect(list.items.some((i: { status: string }) => i.status === 'not_filed')).toBe(true);
    // What waits for the regulator comes first, however many producers have filed nothing.
    const firstPage = (await eco.get(`/api/plans?year=${thisYear}&pageSize=5`)).json();
    expect(firstPage.items[0]).toMatchObject({ organisationName: '临清市恒通轴承制造有限公司', status: 'submitted' });
    expect((await ecoGuanxian.get(`/api/plans/${mine.planId}`)).statusCode).toBe(404);
    const noComment = await eco.post(`/api/plans/${mine.planId}/return`, {});
    expect(noComment.statusCode).toBe(400);
    expect((await eco.post(`/api/plans/${mine.planId}/approve`, {})).json().status).toBe('approved');
    const locked = await producer.put(`/api/plans/mine/${thisYear}`, { ownFacility: false, tables: { A3: a3(5) } });
    expect(locked.statusCode).toBe(409);
  });

  it('refuses a plan for a closed year and a negative quantity', async () => {
    const closed = await producer.put(`/api/plans/mine/${thisYear - 1}`, { ownFacility: false, tables: { A3: a3(5) } });
    expect(closed.statusCode).toBe(400);
    expect(closed.json().code).toBe('PLAN_YEAR_CLOSED');
    const negative = await producer.put(`/api/plans/mine/${thisYear + 1}`, { ownFacility: false, tables: { A3: a3(-3) } });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().path).toBe('tables.A3.0.expectedT');
  });
});

describe('declarations (申报) and the receiver’s report', () => {
  it('fills a declaration from the ledger and manifests, and the regulator sees who has not declared', async () => {
    const lastMonth = lastClosedPeriod('month');
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const before = (await producer.get(`/api/declarations/draft?periodType=month&period=${month}`)).json();
    const r9Before = (before.lines.find((l: { wasteCode: string }) => l.wasteCode === '900-249-08')?.transfers ?? []).find((x: { method: string }) => x.method === 'R9') ?? { quantityT: 0, manifests: 0 };
    const generatedAt = new Date(`${lastMonth}-10T09:00:00+08:00`).toISOString();
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 4, quantityT: 0.8, generatedAt })).json();
    const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
    const receivers = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items as { id: string; name: string }[];
    const lvyuan = receivers.find((r) => r.name === '临清市绿源环保科技有限公司')!;
    const m = (await producer.post('/api/manifests', { batchIds: [batch.id], receiverId: lvyuan.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id, driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id,
      plannedDate: '2026-11-25', dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' })).json();
    await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.8, origin: '松林镇', destination: '唐园镇' } });
    await receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.8, treatmentMethod: 'R9' } });

    const draft = (await producer.get(`/api/declarations/draft?periodType=month&period=${month}`)).json();
    const line = draft.lines.find((l: { wasteCode: string }) => l.wasteCode === '900-249-08');
    // Besides the demo year's collections this month (src/server/demo/year.ts), this load, received with R9.
    expect(line.transfers).toEqual(expect.arrayContaining([expect.objectContaining({ receiverName: '临清市绿源环保科技有限公司', method: 'R9', licenceNo: '鲁危证37158100012', manifests: r9Before.manifests + 1 })]));
    expect(line.transfers.find((x: { method: string }) => x.method === 'R9').quantityT).toBeCloseTo(r9Before.quantityT + 0.8, 4);
    const early = await producer.post('/api/declarations', { periodType: 'month', period: month });
    expect(early.statusCode).toBe(400);
    expect(early.json().code).toBe('PERIOD_NOT_OVER');

    const submitted = await producer.post('/api/declarations', { periodType: 'month', period: lastMonth });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json().figures.find((l: { wasteCode: string }) => l.wasteCode === '900-249-08').generatedT).toBeGreaterThanOrEqual(0.8);
    expect((await producer.post('/api/declarations', { periodType: 'month', period: lastMonth, remark: '更正' })).json().version).toBe(2);

    const overview = (await eco.get(`/api/declarations?periodType=month&period=${lastMonth}&pageSize=100`)).json();
    expect(overview.items.find((i: { organisationName: string }) => i.organisationName === '临清市恒通轴承制造有限公司').declared).toBe(true);
    const missing = (await eco.get(`/api/declarations?periodType=month&period=${lastMonth}&missingOnly=true&pageSize=100`)).json();
    expect(missing.items.every((i: { declared: boolean }) => !i.declared)).toBe(true);
    expect(missing.items.some((i: { organisationName: string }) => i.organisationName === '临清市鲁信精密轴承有限公司')).toBe(true);

    const report = (await receiver.get(`/api/receivers/report?year=${thisYear}`)).json();
    expect(report.receivedT).toBeGreaterThanOrEqual(0.8);
    // What 绿源 received this year, utilised (R) or disposed of (D): the demo's oil re-refined, rags burnt, plating sludge landfilled.
    expect(report.utilisedT + report.disposedT).toBeCloseTo(report.receivedT, 3);
    expect(report.utilisedT).toBeGreaterThanOrEqual(0.8);
    expect(report.capacityT).toBe(30000);
  });

  it('refuses a malformed period', async () => {
    const res = await producer.get('/api/declarations/draft?periodType=month&period=2026-13');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('BAD_PERIOD');
  });
});
