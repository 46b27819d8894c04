import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { freshUsername } from '../support/factories';
import { countRows, registerCompany } from '../support/matrix';

// The enterprise story over HTTP: a company registers itself, is rejected with a reason, corrects
// and resubmits, is verified, and then keeps its own users, vehicles, drivers and licences.

let t: TestApp;
let eco: Client, office: Client;

beforeAll(async () => {
  t = await startTestApp();
  [eco, office] = await Promise.all(['eco.linqing', 'office.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('a company from registration to verified', () => {
  let company: Awaited<ReturnType<typeof registerCompany>>;
  let admin: Client;
  let id: string;
  const driverUsername = freshUsername('driver');

  it('registers itself and waits, pending, seeing only its own record', async () => {
    company = await registerCompany(t.app, { organisation: { name: '临清市顺丰危废运输处置有限公司', capabilities: ['transporter', 'receiver'], regionCode: '371581110' } });
    ({ client: admin, organisationId: id } = company);
    const me = (await admin.get('/api/auth/me')).json();
    expect(me.organisation).toMatchObject({ id, status: 'pending', rejectionReason: null });
    expect(me.user.role).toBe('enterprise_admin');
    expect(me.permissions).not.toContain('users.manage');
    expect(me.permissions).not.toContain('ledger.write');
    const list = (await admin.get('/api/organisations')).json();
    expect(list.total).toBe(1);
    expect(list.items.map((o: { id: string }) => o.id)).toEqual([id]);
  });

  it('cannot add users or vehicles while pending', async () => {
    expect((await admin.post('/api/users', { username: freshUsername(), displayName: '早来的', password: 'too-early-pass', role: 'enterprise_member' })).statusCode).toBe(403);
    const vehicle = await admin.post(`/api/organisations/${id}/vehicles`, { plate: '鲁P9F001', vehicleType: '厢式货车', loadT: 5 });
    expect(vehicle.statusCode).toBe(403);
  });

  it('is rejected by the ecology regulator with a reason the admin then reads', async () => {
    const res = await eco.post(`/api/organisations/${id}/reject`, { reason: '联系电话无法接通，请核实后重新提交' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', rejectionReason: '联系电话无法接通，请核实后重新提交' });
    const me = (await admin.get('/api/auth/me')).json();
    expect(me.organisation).toMatchObject({ status: 'rejected', rejectionReason: '联系电话无法接通，请核实后重新提交' });
    const detail = (await admin.get(`/api/organisations/${id}`)).json();
    expect(detail.permissions).toEqual(['resubmit']);
  });

  it('refuses a rejection without a reason', async () => {
    const other = await registerCompany(t.app);
    const res = await eco.post(`/api/organisations/${other.organisationId}/reject`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().path).toBe('reason');
  });

  it('resubmits corrected data and is pending again, the reason cleared', async () => {
    const res = await admin.post(`/api/organisations/${id}/resubmit`, { contactPhone: '0635-2468000' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'pending', rejectionReason: null, contactPhone: '0635-2468000' });
    const queue = (await eco.get('/api/organisations?status=pending&pageSize=100')).json();
    expect(queue.items.map((o: { id: string }) => o.id)).toContain(id);
  });

  it('is verified by the office, and its admin may now manage users', async () => {
    const res = await office.post(`/api/organisations/${id}/verify`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('verified');
    const me = (await admin.get('/api/auth/me')).json();
    expect(me.organisation.status).toBe('verified');
    expect(me.permissions).toEqual(expect.arrayContaining(['users.manage', 'tokens.manage', 'ledger.write']));
    expect(me.assignableRoles).toEqual(['enterprise_admin', 'enterprise_member', 'driver']);
  });

  it('is not verified twice', async () => {
    const res = await eco.post(`/api/organisations/${id}/verify`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ALREADY_VERIFIED');
  });

  it('lets its admin create a member and a driver in the company', async () => {
    const member = await admin.post('/api/users', { username: freshUsername('clerk'), displayName: '台账员', password: 'member-password-1', role: 'enterprise_member' });
    expect(member.statusCode, member.body).toBe(201);
    expect(member.json()).toMatchObject({ role: 'enterprise_member', organisationId: id, regionCode: '371581110', status: 'active' });
    const driver = await admin.post('/api/users', { username: driverUsername, displayName: '赵师傅', password: 'driver-password-1', role: 'driver' });
    expect(driver.statusCode, driver.body).toBe(201);
    const users = (await admin.get('/api/users')).json();
    expect(users.items.map((u: { role: string }) => u.role).sort()).toEqual(['driver', 'enterprise_admin', 'enterprise_member']);
  });

  it('registers a vehicle, a driver linked to the driver account, and a licence, all shown on the record', async () => {
    const vehicle = await admin.post(`/api/organisations/${id}/vehicles`, { plate: '鲁P9F002', vehicleType: '厢式危险品运输车', loadT: 12.5, dgPermitNo: '鲁交运管许可聊字371500009999号' });
    expect(vehicle.statusCode, vehicle.body).toBe(201);
    const driver = await admin.post(`/api/organisations/${id}/drivers`, { name: '赵师傅', phone: '13906350001', licenceNo: '371581198801010022', username: driverUsername });
    expect(driver.statusCode, driver.body).toBe(201);
    const licence = await admin.post(`/api/organisations/${id}/licences`, { number: '鲁危证37158100777', validFrom: '2026-01-01', validTo: '2030-12-31', wasteCodes: ['900-249-08', 'HW08'], annualCapacityT: 8000 });
    expect(licence.statusCode, licence.body).toBe(201);
    const detail = (await admin.get(`/api/organisations/${id}`)).json();
    expect(detail.vehicles.map((v: { plate: string; loadT: number }) => [v.plate, v.loadT])).toEqual([['鲁P9F002', 12.5]]);
    expect(detail.drivers).toEqual([expect.objectContaining({ name: '赵师傅', username: driverUsername })]);
    expect(detail.licences).toEqual([expect.objectContaining({ number: '鲁危证37158100777', wasteCodes: ['900-249-08', 'HW08'], annualCapacityT: 8000 })]);
    expect(detail.permissions).toEqual(['update', 'manage']);
  });

  it('refuses to link a driver to an account that is not a driver of the company', async () => {
    const res = await admin.post(`/api/organisations/${id}/drivers`, { name: '冒名', phone: '13906350002', licenceNo: '371581198801010033', username: 'driver.demo' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'DRIVER_ACCOUNT', path: 'username' });
  });

  it('changes only the fields a correction names, keeping the rest as they were', async () => {
    const before = (await admin.get(`/api/organisations/${id}`)).json();
    const res = await admin.patch(`/api/organisations/${id}`, { contactPhone: '0635-2468111' });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await admin.get(`/api/organisations/${id}`)).json();
    expect(after).toMatchObject({ contactPhone: '0635-2468111', capabilities: ['transporter', 'receiver'], address: before.address, contactName: before.contactName });
    expect(after.address).not.toBe('');
  });

  it('keeps its name for the regulator to change, but updates its own contact', async () => {
    expect((await admin.patch(`/api/organisations/${id}`, { name: '改个名字有限公司' })).statusCode).toBe(403);
    const res = await admin.patch(`/api/organisations/${id}`, { contactName: '钱经理' });
    expect(res.statusCode).toBe(200);
    expect(res.json().contactName).toBe('钱经理');
  });
});

describe('the organisation list', () => {
  type Listed = { id: string; name: string; status: string; capabilities: string[]; regionCode: string };
  const list = async (query: string) => {
    const res = await office.get(`/api/organisations?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Listed[]; total: number; page: number; pageSize: number };
  };

  it('filters by status', async () => {
    const pending = await list('status=pending&pageSize=100');
    expect(pending.total).toBeGreaterThanOrEqual(3);
    expect(pending.items.every((o) => o.status === 'pending')).toBe(true);
    expect(pending.items.map((o) => o.name)).toEqual(expect.arrayContaining(['临清市华宇机械配件有限公司', '临清市利民废旧物资回收有限公司', '临清市鑫源运输有限公司']));
  });

  it('filters by capability', async () => {
    const receivers = await list('capability=receiver&pageSize=100');
    expect(receivers.items.every((o) => o.capabilities.includes('receiver'))).toBe(true);
    expect(receivers.items.map((o) => o.name)).toEqual(expect.arrayContaining(['临清市绿源环保科技有限公司', '临清市建筑垃圾资源化利用有限公司']));
  });

  it('finds a company by part of its name', async () => {
    const found = await list(`q=${encodeURIComponent('绿源')}`);
    expect(found.items.map((o) => o.name)).toEqual(['临清市绿源环保科技有限公司']);
  });

  it('finds a company by its full credit code, typed in lower case', async () => {
    const [receiver] = (await list(`q=${encodeURIComponent('绿源')}`)).items as (Listed & { creditCode?: string })[];
    const detail = (await office.get(`/api/organisations/${receiver.id}`)).json();
    const found = await list(`q=${detail.creditCode.toLowerCase()}`);
    expect(found.items.map((o) => o.id)).toEqual([receiver.id]);
  });

  it('filters by town and capability', async () => {
    // 烟店镇's waste producers: its bearing makers and its medical institutions, not its farms, farm-input shops or collection station.
    const town = await list('regionCode=371581109&kind=enterprise&capability=producer');
    expect(town.items.map((o) => o.name).sort()).toEqual(['临清市鲁信精密轴承有限公司', '山东临清宏达轴承股份有限公司', '临清市烟店轴承产业园表面处理中心有限公司',
      '临清市第二人民医院', '临清市烟店镇中心卫生院', '临清市烟店镇轴承市场诊所'].sort());
  });

  it('pages: the total counts every match and page 2 continues where page 1 stopped', async () => {
    const inScope = await countRows(t.database.db, 'organisations', "region_code LIKE '371581%'");
    const first = await list('pageSize=10&page=1');
    const second = await list('pageSize=10&page=2');
    expect(first.total).toBe(inScope);
    expect(second.total).toBe(inScope);
    expect(first.items).toHaveLength(10);
    expect(second).toMatchObject({ page: 2, pageSize: 10 });
    expect(second.items.length).toBe(Math.min(10, inScope - 10));
    const firstIds = new Set(first.items.map((o) => o.id));
    expect(second.items.filter((o) => firstIds.has(o.id))).toEqual([]);
  });

  it('refuses a page size over 100', async () => {
    const res = await office.get('/api/organisations?pageSize=1000');
    expect(res.statusCode).toBe(400);
    expect(res.json().path).toBe('querystring.pageSize');
  });

  it('exports the list as a real Excel workbook with a bilingual header row', async () => {
    const res = await office.get('/api/organisations/export.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('单位.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('单位')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '单位名称 Name', '统一社会信用代码 Credit code', '类型 Kind', '所在区划 Region', '类别 Capabilities', '状态 Status', '联系人 Contact', '电话 Phone', '登记时间 Registered',
    ]);
    const names: string[] = [];
    sheet.eachRow((row, n) => { if (n > 1) names.push(String(row.getCell(1).value)); });
    expect(names).toContain('临清市恒通轴承制造有限公司');
    expect(names).not.toContain('冠县冠华板材有限公司');
    expect(names).toHaveLength(await countRows(t.database.db, 'organisations', "region_code LIKE '371581%'"));
  });
});
