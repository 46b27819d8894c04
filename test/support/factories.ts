import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { demoCreditCode } from '../../src/server/demo/seed';
import { sql } from 'drizzle-orm';
import { Client, DEMO_PASSWORD, type TestApp } from './app';

/** A valid, unused credit code for a company in the given county. */
export const freshCreditCode = (regionCode = '371581') => demoCreditCode('enterprise', regionCode, 100_000 + crypto.randomInt(1_000_000_000));
export const freshUsername = (prefix = 'user') => `${prefix}.${crypto.randomBytes(4).toString('hex')}`;

export interface RegistrationOverrides { organisation?: Record<string, unknown>; admin?: Record<string, unknown> }

export function registrationBody(overrides: RegistrationOverrides = {}) {
  return {
    organisation: {
      name: `临清市测试机械有限公司${crypto.randomInt(100000)}`,
      creditCode: freshCreditCode(),
      regionCode: '371581101',
      capabilities: ['producer'],
      address: '松林镇工业园1号',
      contactName: '王经理',
      contactPhone: '0635-2345678',
      ...overrides.organisation,
    },
    admin: { username: freshUsername('clerk'), password: 'a-long-password-1', displayName: '王会计', ...overrides.admin },
  };
}

/** Registers a company through the public endpoint and returns its id and a logged-in admin client. */
export async function registeredEnterprise(app: FastifyInstance, overrides: RegistrationOverrides = {}) {
  const body = registrationBody(overrides);
  const res = await new Client(app).post('/api/register/enterprise', body);
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.body}`);
  const { organisationId } = res.json() as { organisationId: string };
  const client = await Client.login(app, body.admin.username, body.admin.password);
  return { organisationId, client, body };
}

/** A verified company in the given region, added by the platform administrator, with a logged-in administrator of its own. */
export async function verifiedEnterprise(app: FastifyInstance, admin: Client, regionCode: string, capabilities: string[], name = `测试企业${crypto.randomInt(1_000_000)}`) {
  const org = await admin.post('/api/organisations', {
    kind: 'enterprise', name, creditCode: freshCreditCode(regionCode.slice(0, 6)), regionCode, capabilities,
    industry: '测试行业', address: '测试路1号', contactName: '李经理', contactPhone: '0635-2300001',
  });
  if (org.statusCode !== 201) throw new Error(`organisation failed: ${org.body}`);
  const username = freshUsername('clerk');
  const user = await admin.post('/api/users', { username, displayName: '台账管理员', password: DEMO_PASSWORD, role: 'enterprise_admin', organisationId: org.json().id });
  if (user.statusCode !== 201) throw new Error(`user failed: ${user.body}`);
  return { id: org.json().id as string, client: await Client.login(app, username) };
}

/**
 * A login for a demo company that has none (the power plant, the brick works): an enterprise admin with
 * producer.demo's password, found by the company's exact name through the office's list. Returns the company's id.
 */
export async function demoCompanyLogin(t: TestApp, office: Client, name: string, username: string): Promise<string> {
  const found = (await office.get(`/api/organisations?q=${encodeURIComponent(name)}`)).json().items as { id: string; name: string }[];
  const org = found.find((o) => o.name === name)!;
  await t.database.db.execute(sql`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code)
    SELECT ${username}, password_hash, ${name}, 'enterprise_admin', ${org.id}::uuid, (SELECT region_code FROM organisations WHERE id = ${org.id}::uuid) FROM users WHERE username = 'producer.demo'`);
  return org.id;
}
