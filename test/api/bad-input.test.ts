import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { freshCreditCode, freshUsername, registrationBody } from '../support/factories';
import { anonymous, countRows, randomIp } from '../support/matrix';

// Bad input gets a 4xx with a message in Chinese and English that names the problem, and leaves
// nothing behind: the counts of every table a write touches are the same before and after.

let t: TestApp;
let office: Client, transporter: Client, receiver: Client;
let transporterId: string, receiverId: string;

const TABLES = ['organisations', 'users', 'audit_log', 'vehicles', 'licences', 'drivers', 'api_tokens'];
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await countRows(t.database.db, table)] as const)));

/** Runs the request and checks that no table gained or lost a row. */
async function leavesNothing<T>(request: () => Promise<T>): Promise<T> {
  const before = await counts();
  const result = await request();
  expect(await counts()).toEqual(before);
  return result;
}

const register = (body: unknown) => anonymous(t.app).post('/api/register/enterprise', body);
const withOrganisation = (fields: Record<string, unknown>) => registrationBody({ organisation: fields });

beforeAll(async () => {
  t = await startTestApp();
  [office, transporter, receiver] = await Promise.all(['office.linqing', 'transporter.demo', 'receiver.demo'].map((u) => Client.login(t.app, u)));
  transporterId = (await transporter.get('/api/auth/me')).json().organisation.id;
  receiverId = (await receiver.get('/api/auth/me')).json().organisation.id;
});
afterAll(async () => { await t.close(); });

describe('malformed credit codes', () => {
  const valid = freshCreditCode();
  const cases: [problem: string, code: string, zh: RegExp, en: RegExp][] = [
    ['has 17 characters', valid.slice(0, 17), /应为18位/, /has 18 characters/],
    ['has 19 characters', `${valid}1`, /应为18位/, /has 18 characters/],
    ...['I', 'O', 'Z', 'S', 'V'].map((letter): [string, string, RegExp, RegExp] => [
      `contains the forbidden letter ${letter}`, `${valid.slice(0, 10)}${letter}${valid.slice(11)}`, /不允许的字符/, /I, O, Z, S, V are never used/,
    ]),
    ['has a wrong check character', `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`, /校验位（第18位）不正确/, /check character \(18th\) does not match/],
    ['has a wrong organisation-code check', `${valid.slice(0, 16)}${valid[16] === '0' ? '1' : '0'}${valid[17]}`, /组织机构代码/, /organisation code/],
  ];

  it.each(cases)('refuses a registration whose credit code %s, naming the problem at organisation.creditCode', async (_problem, code, zh, en) => {
    const res = await leavesNothing(() => register(withOrganisation({ creditCode: code })));
    expect(res.statusCode).toBe(400);
    const error = res.json();
    expect(error.code).toBe('VALIDATION');
    expect(error.path).toBe('organisation.creditCode');
    expect(error.message.zh).toMatch(zh);
    expect(error.message.en).toMatch(en);
    expect(error.issues).toEqual([{ path: 'organisation.creditCode', message: { zh: expect.stringMatching(zh), en: expect.stringMatching(en) } }]);
  });

  it('accepts a valid code typed in lower case and stores it in capitals', async () => {
    const code = freshCreditCode();
    const res = await register(withOrganisation({ creditCode: ` ${code.toLowerCase()} ` }));
    expect(res.statusCode, res.body).toBe(201);
    const stored = await t.database.db.execute(sql`SELECT credit_code FROM organisations WHERE id = ${res.json().organisationId}`);
    expect(stored.rows[0].credit_code).toBe(code);
  });
});

describe('regions of a registration', () => {
  it('refuses a region code nobody knows', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ regionCode: '371599101' })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_REGION', path: 'organisation.regionCode', message: { zh: '行政区划代码 371599101 不存在', en: 'Region code 371599101 is not known' } });
  });

  it('refuses a region code that is not 6 or 9 digits', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ regionCode: '37158' })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', path: 'organisation.regionCode' });
    expect(res.json().message.en).toContain('6 digits (county) or 9 digits (town)');
  });

  it.each([['the province', '370000'], ['the city', '371500']])('refuses a registration at the level of %s', async (_level, regionCode) => {
    const res = await leavesNothing(() => register(withOrganisation({ regionCode })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'REGION_LEVEL', path: 'organisation.regionCode', message: { en: 'Choose a county or a town, not a province or city' } });
  });
});

describe('duplicate registrations', () => {
  it('refuses a second registration with the same credit code and creates no second user', async () => {
    const first = registrationBody();
    expect((await register(first)).statusCode).toBe(201);
    const again = registrationBody({ organisation: { creditCode: first.organisation.creditCode } });
    const res = await leavesNothing(() => register(again));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DUPLICATE_CREDIT_CODE', path: 'organisation.creditCode' });
    expect(res.json().message.zh).toContain('已注册');
    expect(await countRows(t.database.db, 'users', `username = '${again.admin.username}'`)).toBe(0);
  });

  it('lets only one of two simultaneous registrations with the same credit code through', async () => {
    const creditCode = freshCreditCode();
    const bodies = [0, 1].map(() => registrationBody({ organisation: { creditCode } }));
    const results = await Promise.all(bodies.map((body) => register(body)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toMatch(/^DUPLICATE/);
    expect(await countRows(t.database.db, 'organisations', `credit_code = '${creditCode}'`)).toBe(1);
    expect(await countRows(t.database.db, 'users', `username IN ('${bodies[0].admin.username}', '${bodies[1].admin.username}')`)).toBe(1);
  });

  it('refuses a taken username, whatever its case, and creates no organisation', async () => {
    const body = registrationBody({ admin: { username: 'Producer.Demo' } });
    const res = await leavesNothing(() => register(body));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DUPLICATE_USERNAME', path: 'admin.username', message: { zh: '用户名已被使用', en: 'This username is taken' } });
    expect(await countRows(t.database.db, 'organisations', `credit_code = '${body.organisation.creditCode}'`)).toBe(0);
  });
});

describe('bodies that are not what the API reads', () => {
  it('refuses a body over 1 MB with 413', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ address: 'x'.repeat(1_100_000) })));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: { zh: '请求体过大（上限 1 MB，文件 20 MB）', en: 'Request body too large (1 MB; files 20 MB)' } });
  });

  it('refuses text/plain with 415', async () => {
    const res = await leavesNothing(() => t.app.inject({ method: 'POST', url: '/api/register/enterprise', remoteAddress: randomIp(), headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(registrationBody()) }));
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: { en: 'Unsupported content type: send JSON' } });
  });

  it('refuses broken JSON with 400', async () => {
    const res = await leavesNothing(() => t.app.inject({ method: 'POST', url: '/api/register/enterprise', remoteAddress: randomIp(), headers: { 'content-type': 'application/json' }, payload: '{"organisation": {"name": "半截' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' } });
  });

  it('refuses a number where the name should be', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ name: 12345 })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', path: 'organisation.name' });
    expect(res.json().message.en).toMatch(/expected string/);
  });

  it('refuses a string where the longitude should be a number', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ longitude: '115.7' })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', path: 'organisation.longitude' });
    expect(res.json().message.zh).toContain('类型错误');
  });

  it('refuses a longitude outside China', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ longitude: 200 })));
    expect(res.statusCode).toBe(400);
    expect(res.json().path).toBe('organisation.longitude');
    expect(res.json().message.en).toContain('at most 136');
  });

  it('refuses fields the schema does not know, naming them', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ status: 'verified' })));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
    expect(res.json().message).toEqual({ zh: '输入有误：organisation 不认识的字段：status', en: 'Invalid input: organisation Unknown fields: status' });
  });

  it('refuses an unknown field at the top level of a write too', async () => {
    const res = await leavesNothing(() => office.post('/api/organisations', { kind: 'government', name: '临清市测试局', creditCode: freshCreditCode(), regionCode: '371581', role: 'admin' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().message.en).toContain('Unknown fields: role');
  });

  it('refuses control characters in a name', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ name: '临清市\u0007测试公司' })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_TEXT', path: 'organisation.name', message: { zh: expect.stringContaining('控制字符'), en: expect.stringContaining('control character') } });
  });

  it('refuses a name longer than 100 characters', async () => {
    const res = await leavesNothing(() => register(withOrganisation({ name: '临'.repeat(101) })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ path: 'organisation.name', message: { zh: expect.stringContaining('不能超过 100个字符'), en: expect.stringContaining('at most 100 characters') } });
  });

  it('refuses a short password and an unusable username, listing both', async () => {
    const res = await leavesNothing(() => register(registrationBody({ admin: { username: 'a b', password: 'short' } })));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['admin.password', 'admin.username']);
  });
});

describe('hostile text is kept as data', () => {
  const injection = "'; DROP TABLE organisations; --";

  it('stores SQL in a name verbatim, and the table is still there', async () => {
    const res = await register(withOrganisation({ name: injection }));
    expect(res.statusCode, res.body).toBe(201);
    const stored = await t.database.db.execute(sql`SELECT name FROM organisations WHERE id = ${res.json().organisationId}`);
    expect(stored.rows[0].name).toBe(injection);
    expect(await countRows(t.database.db, 'organisations')).toBeGreaterThan(30);
  });

  it('answers a search for SQL text normally, finding the company named so', async () => {
    const res = await office.get(`/api/organisations?q=${encodeURIComponent(injection)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual([injection]);
  });

  it('treats % and _ in a search as plain characters', async () => {
    const res = await office.get(`/api/organisations?q=${encodeURIComponent('%_')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(0);
  });

  it('keeps a script in a name as a JSON string, and the console page never carries it', async () => {
    const script = '<script>alert(1)</script>';
    const created = await register(withOrganisation({ name: `临清${script}`, address: script }));
    expect(created.statusCode, created.body).toBe(201);
    const detail = await office.get(`/api/organisations/${created.json().organisationId}`);
    expect(detail.headers['content-type']).toMatch(/^application\/json/);
    expect(detail.json()).toMatchObject({ name: `临清${script}`, address: script });
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('alert(1)');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('identifiers in paths', () => {
  it.each([
    ['GET', '/api/organisations/not-a-uuid'],
    ['GET', "/api/organisations/1' OR '1'='1"],
    ['PATCH', '/api/users/12345'],
    ['POST', '/api/tokens/xyz/revoke'],
    ['POST', '/api/organisations/00000000-0000-0000-0000/verify'],
  ] as const)('answers 400, not 500, to %s %s', async (method, url) => {
    const res = await leavesNothing(() => office.request(method, url, method === 'GET' ? undefined : method === 'PATCH' ? { displayName: 'x' } : {}));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', path: expect.stringMatching(/^params\.id$/) });
  });

  it('answers 404 for a well-formed id that does not exist', async () => {
    const res = await office.get('/api/organisations/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toEqual({ zh: '单位不存在或无权查看', en: 'Organisation not found or not visible to you' });
  });
});

describe('vehicles and licences', () => {
  const vehicle = (fields: Record<string, unknown>) => ({ plate: '鲁P8K301', vehicleType: '厢式危险品运输车', loadT: 10, ...fields });
  const licence = (fields: Record<string, unknown>) => ({ number: '鲁危证37158100999', validFrom: '2025-01-01', validTo: '2029-12-31', wasteCodes: ['900-041-49'], annualCapacityT: 5000, ...fields });

  it.each([['negative', -1], ['zero', 0], ['absurd', 1e9]])('refuses a %s vehicle load', async (_kind, loadT) => {
    const res = await leavesNothing(() => transporter.post(`/api/organisations/${transporterId}/vehicles`, vehicle({ loadT })));
    expect(res.statusCode).toBe(400);
    expect(res.json().path).toBe('loadT');
  });

  it.each(['ABC12345', '鲁I12345', '鲁P1234', '粤B12345X9', ''])('refuses the plate "%s"', async (plate) => {
    const res = await leavesNothing(() => transporter.post(`/api/organisations/${transporterId}/vehicles`, vehicle({ plate })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ path: 'plate', message: { en: 'Invalid input: plate The plate is not valid (for example 鲁P12345)' } });
  });

  it('accepts a plate typed in lower case and stores it in capitals', async () => {
    const res = await transporter.post(`/api/organisations/${transporterId}/vehicles`, vehicle({ plate: '鲁p8k302' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().plate).toBe('鲁P8K302');
  });

  it('refuses a plate registered already', async () => {
    const res = await leavesNothing(() => transporter.post(`/api/organisations/${transporterId}/vehicles`, vehicle({ plate: '鲁P3A721' })));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DUPLICATE_PLATE', path: 'plate' });
  });

  it.each([['negative', -5], ['zero', 0], ['absurd', 1e12]])('refuses a %s licence capacity', async (_kind, annualCapacityT) => {
    const res = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ annualCapacityT })));
    expect(res.statusCode).toBe(400);
    expect(res.json().path).toBe('annualCapacityT');
  });

  it('refuses a licence that ends before it starts', async () => {
    const res = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ validFrom: '2027-01-01', validTo: '2026-12-31' })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ path: 'validTo', message: { zh: expect.stringContaining('有效期结束日期早于开始日期'), en: expect.stringContaining('The licence ends before it starts') } });
  });

  it('refuses a date that does not exist in the calendar', async () => {
    const res = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ validFrom: '2025-02-30' })));
    expect(res.statusCode).toBe(400);
    // Checked where it enters, naming the field, before the database could refuse it.
    expect(res.json()).toMatchObject({ code: 'VALIDATION', path: 'validFrom', message: { zh: expect.stringContaining('不是有效的日期'), en: expect.stringContaining('Not a real date') } });
  });

  it.each(['900-41-49', 'HW8', '900041049', ''])('refuses the waste code "%s", at its place in the list', async (code) => {
    const res = await leavesNothing(() => receiver.post(`/api/organisations/${receiverId}/licences`, licence({ wasteCodes: ['900-041-49', code] })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ path: 'wasteCodes.1', message: { en: expect.stringContaining('Waste codes look like 900-041-49 or HW08') } });
  });

  it('refuses a licence for a company that is no receiver', async () => {
    const res = await leavesNothing(() => transporter.post(`/api/organisations/${transporterId}/licences`, licence({})));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'NOT_RECEIVER', message: { en: 'Only receivers hold operating licences' } });
  });
});

describe('cross-site requests', () => {
  it('refuses a POST from another site even with a valid session and CSRF token', async () => {
    const res = await leavesNothing(() => office.post('/api/users', { username: freshUsername(), displayName: '跨站', password: 'cross-site-pass', role: 'regulator' }, { origin: 'http://evil.example' }));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ code: 'CROSS_ORIGIN', message: { zh: '拒绝跨站请求', en: 'Cross-site request refused' }, path: null, issues: [] });
  });

  it('refuses an anonymous registration posted from another site', async () => {
    const res = await leavesNothing(() => anonymous(t.app).post('/api/register/enterprise', registrationBody(), { origin: 'http://evil.example' }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CROSS_ORIGIN');
  });

  it('refuses an opaque "null" origin (a sandboxed frame) as cross-site rather than failing', async () => {
    const res = await leavesNothing(() => anonymous(t.app).post('/api/register/enterprise', registrationBody(), { origin: 'null' }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CROSS_ORIGIN');
  });

  it('accepts a POST whose origin is the site itself', async () => {
    const res = await anonymous(t.app).post('/api/register/enterprise', registrationBody(), { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(res.statusCode, res.body).toBe(201);
  });
});
