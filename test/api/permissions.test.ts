import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';
import { freshCreditCode, freshUsername } from '../support/factories';
import { anonymous, cellName, countRows, distinctRoutes, expand, multipart, registerCompany, requestLine, type Cell, type Resolved, type Row } from '../support/matrix';

// The permission matrix: every line is a route on a target with the status each caller gets. Out of
// scope is 404 (a record elsewhere is not revealed), no right to act is 403, no session is 401.

let t: TestApp;

interface Fixtures {
  org: Record<'linqingCompany' | 'guanxianCompany' | 'producer' | 'transporter' | 'receiver' | 'office' | 'guanxianEcology' | 'pending', string>;
  user: Record<'urban' | 'driver' | 'guanxianRegulator' | 'producerMember', string>;
  /** The organisation each caller belongs to. */
  orgOf: Record<string, string>;
  token: string;
}
let fx: Fixtures;
const callers = new Map<string, Client>();

const PENDING_ADMIN = 'a pending company admin';
const MACHINE_TOKEN = 'a machine token of 恒通轴承';
const ANONYMOUS = 'nobody logged in';

const orgId = async (name: string) => String((await t.database.db.execute(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id);
const userId = async (username: string) => String((await t.database.db.execute(sql`SELECT id FROM users WHERE username = ${username}`)).rows[0].id);

beforeAll(async () => {
  t = await startTestApp();
  const demo = ['admin', 'office.linqing', 'eco.linqing', 'urban.linqing', 'eco.guanxian', 'producer.demo', 'transporter.demo', 'receiver.demo', 'driver.demo', 'resident.demo'];
  for (const [i, client] of (await Promise.all(demo.map((u) => Client.login(t.app, u)))).entries()) callers.set(demo[i], client);
  const pending = await registerCompany(t.app);
  callers.set(PENDING_ADMIN, pending.client);
  callers.set(ANONYMOUS, anonymous(t.app));

  const member = await callers.get('producer.demo')!.post('/api/users', { username: freshUsername('member'), displayName: '恒通经办人', password: 'member-password-1', role: 'enterprise_member' });
  expect(member.statusCode, member.body).toBe(201);
  const token = await callers.get('producer.demo')!.post('/api/tokens', { name: '地磅', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  expect(token.statusCode, token.body).toBe(201);
  const machine = anonymous(t.app);
  callers.set(MACHINE_TOKEN, machine);

  const org = {
    linqingCompany: await orgId('临清市鲁信精密轴承有限公司'),
    guanxianCompany: await orgId('冠县冠华板材有限公司'),
    producer: await orgId('临清市恒通轴承制造有限公司'),
    transporter: await orgId('聊城市安运危险货物运输有限公司'),
    receiver: await orgId('临清市绿源环保科技有限公司'),
    office: await orgId('临清市无废城市建设工作领导小组办公室'),
    guanxianEcology: await orgId('聊城市生态环境局冠县分局'),
    pending: pending.organisationId,
  };
  fx = {
    org,
    user: { urban: await userId('urban.linqing'), driver: await userId('driver.demo'), guanxianRegulator: await userId('eco.guanxian'), producerMember: member.json().id },
    orgOf: { 'producer.demo': org.producer, 'transporter.demo': org.transporter, 'receiver.demo': org.receiver, 'driver.demo': org.transporter, [PENDING_ADMIN]: org.pending, [MACHINE_TOKEN]: org.producer },
    token: token.json().secret,
  };
});
afterAll(async () => { await t.close(); });

// ---- What a cell acts on ------------------------------------------------------------------------

let serial = crypto.randomInt(10_000, 60_000);
const plate = () => `鲁Q${serial++}`;
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const hazardousCsv = '废物代码,危险废物,危险特性\n900-041-49,沾染危险废物的包装物,T/In\n';

async function freshRegistration(regionCode: string): Promise<string> {
  const { organisationId } = await registerCompany(t.app, { organisation: { regionCode, creditCode: freshCreditCode(regionCode.slice(0, 6)) } });
  return organisationId;
}

const newUser = (role: string, organisationId?: string) => ({ username: freshUsername('new'), displayName: '新用户', password: 'new-user-password', role, ...(organisationId ? { organisationId } : {}) });
const newOrganisation = (kind: 'government' | 'enterprise', regionCode: string) => ({
  kind, name: `${kind === 'government' ? '测试部门' : '测试企业'}${crypto.randomInt(1e6)}`, creditCode: freshCreditCode(regionCode.slice(0, 6)), regionCode,
  ...(kind === 'government' ? { domain: 'housing' } : { capabilities: ['producer'] }),
});

const targets: Record<string, (who: string) => Resolved | Promise<Resolved>> = {
  '': () => ({}),
  'a 临清 company': () => ({ id: fx.org.linqingCompany }),
  'a 冠县 company': () => ({ id: fx.org.guanxianCompany }),
  'their own company': (who) => ({ id: fx.orgOf[who] }),
  '安运 (a 临清 transporter)': () => ({ id: fx.org.transporter }),
  '绿源 (a 临清 receiver)': () => ({ id: fx.org.receiver }),
  'a new 临清 registration': async () => ({ id: await freshRegistration('371581101') }),
  'a new 冠县 registration': async () => ({ id: await freshRegistration('371525001') }),
  'a department in 临清': () => ({ body: newOrganisation('government', '371581') }),
  'a company in 冠县': () => ({ body: newOrganisation('enterprise', '371525001') }),
  'a regulator of their own department': () => ({ body: newUser('regulator') }),
  'a member of 恒通轴承': () => ({ body: newUser('enterprise_member', fx.org.producer) }),
  'a regulator of 冠县分局': () => ({ body: newUser('regulator', fx.org.guanxianEcology) }),
  'urban.linqing (a 临清 official)': () => ({ id: fx.user.urban }),
  'driver.demo (a driver of 安运)': () => ({ id: fx.user.driver }),
  'a member of 恒通轴承 (made by its admin)': () => ({ id: fx.user.producerMember }),
  'eco.guanxian (a 冠县 official)': () => ({ id: fx.user.guanxianRegulator }),
  // The body (bodies['POST /api/geo/outlines']) names 松林镇 by its code.
  'an outline of 松林镇 (临清)': () => ({}),
};

// The body each route sends when the target does not bring one.
const bodies: Record<string, () => unknown> = {
  'POST /api/organisations/:id/reject': () => ({ reason: '营业执照照片不清晰，请重新上传' }),
  'PATCH /api/organisations/:id': () => ({ contactPhone: '0635-2999999' }),
  'PATCH /api/users/:id': () => ({ displayName: '改过的名字' }),
  'POST /api/tokens': () => ({ name: '称重终端', scopes: ['telemetry:write'], expiresAt: inAMonth() }),
  'POST /api/organisations/:id/licences': () => ({ number: `鲁危证${crypto.randomInt(1e9)}`, validFrom: '2025-01-01', validTo: '2029-12-31', wasteCodes: ['900-041-49'], annualCapacityT: 5000 }),
  'POST /api/organisations/:id/vehicles': () => ({ plate: plate(), vehicleType: '厢式危险品运输车', loadT: 10 }),
  'POST /api/organisations/:id/drivers': () => ({ name: '李师傅', phone: '13806350000', licenceNo: '371581199001010011' }),
  'POST /api/regions/import': () => multipart({}, { filename: 'regions.csv', content: 'code,name\n371581114,测试镇\n' }),
  'POST /api/geo/outlines': () => ({ type: 'FeatureCollection', source: '测试来源', licence: '测试许可', features: [{ type: 'Feature', properties: { adcode: '371581101' },
    geometry: { type: 'Polygon', coordinates: [[[115.78, 36.77], [115.8, 36.77], [115.8, 36.79], [115.78, 36.79], [115.78, 36.77]]] } }] }),
  'POST /api/catalogues/hazardous/import': () => multipart({ label: `测试版${crypto.randomInt(1e9)}` }, { filename: 'hw.csv', content: hazardousCsv }),
};

// ---- The table ------------------------------------------------------------------------------------

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', URBAN = 'urban.linqing', GX = 'eco.guanxian';
const PRODUCER = 'producer.demo', TRANSPORTER = 'transporter.demo', RECEIVER = 'receiver.demo', DRIVER = 'driver.demo', RESIDENT = 'resident.demo';

const table: Row[] = [
  ['GET /api/organisations?pageSize=100', '', { [A]: 200, [OFFICE]: 200, [ECO]: 200, [GX]: 200, [PRODUCER]: 200, [PENDING_ADMIN]: 200, [RESIDENT]: 200 }],
  ['GET /api/organisations/:id', 'a 临清 company', { [A]: 200, [OFFICE]: 200, [ECO]: 200, [URBAN]: 200, [GX]: 404, [PRODUCER]: 404, [DRIVER]: 404, [RESIDENT]: 404 }],
  ['GET /api/organisations/:id', 'a 冠县 company', { [A]: 200, [OFFICE]: 404, [ECO]: 404, [GX]: 200, [PRODUCER]: 404 }],
  ['GET /api/organisations/:id', 'their own company', { [PRODUCER]: 200, [DRIVER]: 200, [PENDING_ADMIN]: 200 }],
  ['POST /api/organisations/:id/verify', 'a new 临清 registration', { [A]: 200, [OFFICE]: 200, [ECO]: 200, [URBAN]: 200, [GX]: 404, [PRODUCER]: 403, [TRANSPORTER]: 403, [DRIVER]: 403, [RESIDENT]: 403 }],
  ['POST /api/organisations/:id/verify', 'a new 冠县 registration', { [GX]: 200, [OFFICE]: 404, [ECO]: 404 }],
  ['POST /api/organisations/:id/verify', 'their own company', { [PENDING_ADMIN]: 403 }],
  ['POST /api/organisations/:id/reject', 'a new 临清 registration', { [A]: 200, [OFFICE]: 200, [ECO]: 200, [GX]: 404, [PRODUCER]: 403, [RECEIVER]: 403, [RESIDENT]: 403 }],
  ['POST /api/organisations/:id/reject', 'a new 冠县 registration', { [GX]: 200, [ECO]: 404 }],
  ['PATCH /api/organisations/:id', 'a 临清 company', { [A]: 200, [OFFICE]: 200, [ECO]: 403, [GX]: 404, [PRODUCER]: 404, [RESIDENT]: 404 }],
  ['PATCH /api/organisations/:id', 'a 冠县 company', { [A]: 200, [OFFICE]: 404, [GX]: 403 }],
  ['PATCH /api/organisations/:id', 'their own company', { [PRODUCER]: 200, [DRIVER]: 403, [PENDING_ADMIN]: 403, [MACHINE_TOKEN]: 403 }],
  ['POST /api/organisations', 'a department in 临清', { [A]: 201, [OFFICE]: 201, [ECO]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
  ['POST /api/organisations', 'a company in 冠县', { [A]: 201, [OFFICE]: 403, [GX]: 403 }],
  ['GET /api/users', '', { [A]: 200, [OFFICE]: 200, [ECO]: 200, [GX]: 200, [PRODUCER]: 200, [DRIVER]: 403, [PENDING_ADMIN]: 403, [RESIDENT]: 403, [MACHINE_TOKEN]: 403 }],
  ['POST /api/users', 'a regulator of their own department', { [A]: 201, [OFFICE]: 201, [ECO]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
  ['POST /api/users', 'a member of 恒通轴承', { [A]: 201, [OFFICE]: 403, [PRODUCER]: 201, [TRANSPORTER]: 201, [DRIVER]: 403, [PENDING_ADMIN]: 403, [MACHINE_TOKEN]: 403 }],
  ['POST /api/users', 'a regulator of 冠县分局', { [A]: 201, [OFFICE]: 404, [GX]: 403 }],
  ['PATCH /api/users/:id', 'urban.linqing (a 临清 official)', { [A]: 200, [OFFICE]: 200, [ECO]: 403, [PRODUCER]: 404, [GX]: 403 }],
  ['PATCH /api/users/:id', 'driver.demo (a driver of 安运)', { [A]: 200, [OFFICE]: 403, [TRANSPORTER]: 200, [PRODUCER]: 404, [RESIDENT]: 403 }],
  ['PATCH /api/users/:id', 'a member of 恒通轴承 (made by its admin)', { [PRODUCER]: 200, [TRANSPORTER]: 404, [OFFICE]: 403 }],
  ['PATCH /api/users/:id', 'eco.guanxian (a 冠县 official)', { [A]: 200, [OFFICE]: 404, [PRODUCER]: 404 }],
  ['GET /api/tokens', '', { [A]: 200, [OFFICE]: 200, [PRODUCER]: 200, [ECO]: 403, [DRIVER]: 403, [PENDING_ADMIN]: 403, [RESIDENT]: 403, [MACHINE_TOKEN]: 403 }],
  ['POST /api/tokens', '', { [A]: 201, [OFFICE]: 201, [PRODUCER]: 201, [ECO]: 403, [GX]: 403, [DRIVER]: 403, [PENDING_ADMIN]: 403, [RESIDENT]: 403, [MACHINE_TOKEN]: 403 }],
  ['GET /api/audit', '', { [A]: 200, [OFFICE]: 200, [ECO]: 200, [GX]: 200, [PRODUCER]: 200, [DRIVER]: 403, [PENDING_ADMIN]: 403, [RESIDENT]: 403, [MACHINE_TOKEN]: 403 }],
  ['GET /api/audit/verify', '', { [A]: 200, [OFFICE]: 200, [ECO]: 403, [GX]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
  // 我的运输 (issue 20): drivers only, by their session; the company's desk, officials and machines are refused.
  ['GET /api/driver/loads', '', { [DRIVER]: 200, [A]: 403, [OFFICE]: 403, [PRODUCER]: 403, [TRANSPORTER]: 403, [RESIDENT]: 403, [MACHINE_TOKEN]: 403 }],
  ['POST /api/regions/import', '', { [A]: 200, [OFFICE]: 403, [ECO]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
  ['POST /api/geo/outlines', 'an outline of 松林镇 (临清)', { [A]: 200, [OFFICE]: 200, [ECO]: 403, [GX]: 403, [PRODUCER]: 403, [DRIVER]: 403, [RESIDENT]: 403, [MACHINE_TOKEN]: 403 }],
  ['POST /api/catalogues/hazardous/import', '', { [A]: 201, [OFFICE]: 403, [ECO]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
  ['POST /api/organisations/:id/licences', '绿源 (a 临清 receiver)', { [A]: 201, [OFFICE]: 403, [ECO]: 403, [GX]: 404, [TRANSPORTER]: 404, [RESIDENT]: 404 }],
  ['POST /api/organisations/:id/licences', 'their own company', { [RECEIVER]: 201, [PENDING_ADMIN]: 403 }],
  ['POST /api/organisations/:id/vehicles', '安运 (a 临清 transporter)', { [A]: 201, [OFFICE]: 403, [GX]: 404, [RECEIVER]: 404 }],
  ['POST /api/organisations/:id/vehicles', 'their own company', { [TRANSPORTER]: 201, [DRIVER]: 403, [MACHINE_TOKEN]: 403 }],
  ['POST /api/organisations/:id/drivers', '安运 (a 临清 transporter)', { [A]: 201, [OFFICE]: 403, [ECO]: 403, [PRODUCER]: 404 }],
  ['POST /api/organisations/:id/drivers', 'their own company', { [TRANSPORTER]: 201, [DRIVER]: 403 }],
];

// What a caller sees in a list that answered 200: only its own area or organisation.
type Item = { regionCode: string; id: string; organisationId: string | null };
const items = (res: LightMyRequestResponse) => res.json().items as Item[];
const allWithin = (prefix: string) => (res: LightMyRequestResponse) => {
  expect(items(res).length).toBeGreaterThan(0);
  expect(items(res).filter((i) => !i.regionCode?.startsWith(prefix))).toEqual([]);
};
const checks: Record<string, (res: LightMyRequestResponse) => void | Promise<void>> = {
  [`GET /api/organisations?pageSize=100 ${GX}`]: allWithin('371525'),
  [`GET /api/organisations?pageSize=100 ${ECO}`]: allWithin('371581'),
  [`GET /api/organisations?pageSize=100 ${OFFICE}`]: allWithin('371581'),
  [`GET /api/organisations?pageSize=100 ${PRODUCER}`]: (res) => expect(items(res).map((i) => i.id)).toEqual([fx.org.producer]),
  [`GET /api/organisations?pageSize=100 ${PENDING_ADMIN}`]: (res) => expect(items(res).map((i) => i.id)).toEqual([fx.org.pending]),
  [`GET /api/organisations?pageSize=100 ${RESIDENT}`]: (res) => expect(res.json().total).toBe(0),
  // The administrator is not scoped: its total is every organisation of every area (the first page alone is one county's, by name).
  [`GET /api/organisations?pageSize=100 ${A}`]: async (res) => {
    expect(res.json().total).toBe(await countRows(t.database.db, 'organisations'));
  },
  [`GET /api/users ${GX}`]: allWithin('371525'),
  [`GET /api/users ${ECO}`]: allWithin('371581'),
  [`GET /api/users ${PRODUCER}`]: (res) => expect(new Set(items(res).map((i) => i.organisationId))).toEqual(new Set([fx.org.producer])),
  [`GET /api/audit ${GX}`]: allWithin('371525'),
  [`GET /api/audit ${ECO}`]: allWithin('371581'),
  // An enterprise admin's user is created in its own company, whatever organisation it names.
  [`POST /api/users ${TRANSPORTER}`]: (res) => expect(res.json().organisationId).toBe(fx.org.transporter),
  [`POST /api/users ${PRODUCER}`]: (res) => expect(res.json().organisationId).toBe(fx.org.producer),
};

const cells: Cell<Fixtures>[] = [
  ...expand<Fixtures>(table),
  // Every route of the table, without a session (on the first target its line names).
  ...distinctRoutes(expand<Fixtures>(table)).map((c) => ({ ...c, who: ANONYMOUS, status: 401 })),
];

const ERROR_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

async function send(cell: Cell<Fixtures>) {
  const caller = callers.get(cell.who);
  if (!caller) throw new Error(`no caller ${cell.who}`);
  const target = targets[cell.target];
  if (!target) throw new Error(`no target ${cell.target}`);
  const resolved = await target(cell.who);
  const { method, url } = requestLine(cell.route, resolved);
  const body = resolved.body ?? bodies[cell.route.replace(/ $/, '')]?.();
  const headers: Record<string, string> = cell.who === MACHINE_TOKEN ? { authorization: `Bearer ${fx.token}` } : {};
  if (body && typeof body === 'object' && 'payload' in body && 'headers' in body) {
    const upload = body as { payload: Buffer; headers: Record<string, string> };
    return caller.request(method, url, upload.payload, { ...upload.headers, ...headers });
  }
  return caller.request(method, url, method === 'GET' ? undefined : body ?? {}, headers);
}

describe('the permission matrix', () => {
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    const res = await send(cell);
    expect(res.statusCode, res.body).toBe(cell.status);
    if (ERROR_CODES[cell.status]) {
      const error = res.json();
      expect(error.code).toBe(ERROR_CODES[cell.status]);
      expect(error.message.zh).toMatch(/\p{Script=Han}/u);
      expect(error.message.en).toMatch(/[a-z]/);
    }
    if (res.statusCode < 300) await checks[`${cell.route} ${cell.who}`]?.(res);
  }, 90_000); // GET /api/audit/verify walks the whole demo chain: past 30 s on a loaded two-core machine

  it('covers every route of the table for the logged-out caller too', () => {
    const routes = new Set(table.map(([route]) => route));
    expect(new Set(cells.filter((c) => c.who === ANONYMOUS).map((c) => c.route))).toEqual(routes);
    expect(routes.size).toBe(20);
  });
});
