import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Client, DEMO_PASSWORD } from './app';
import { freshCreditCode, freshUsername } from './factories';

// 城镇污水污泥 factories: a wastewater treatment plant of its own (so a test's sums are not the demo
// plant's), its batches with their moisture content, and the sludge truck of the demo haulier.

export const SLUDGE_HAULIER = '临清市通达物流运输有限公司';
export const SLUDGE_TRUCK = '鲁P6W218';

/** A verified wastewater treatment plant in the given town, added by the platform administrator, with a logged-in administrator. */
export async function wastewaterPlant(app: FastifyInstance, admin: Client, regionCode: string) {
  const org = await admin.post('/api/organisations', {
    kind: 'enterprise', name: `临清市测试污水处理厂${crypto.randomInt(100000)}`, creditCode: freshCreditCode(regionCode.slice(0, 6)), regionCode,
    capabilities: ['wastewater_plant'], industry: '污水处理及其再生利用', address: '污水处理厂厂区', contactName: '污泥班长', contactPhone: '0635-2300000',
  });
  expect(org.statusCode, org.body).toBe(201);
  const username = freshUsername('wwtp');
  const user = await admin.post('/api/users', { username, displayName: '污泥管理员', password: DEMO_PASSWORD, role: 'enterprise_admin', organisationId: org.json().id });
  expect(user.statusCode, user.body).toBe(201);
  return { id: org.json().id as string, client: await Client.login(app, username) };
}

/** The body of a sludge batch: 10 t of dewatered belt-press sludge at the given moisture content unless told otherwise. */
export const sludgeBatchBody = (overrides: Record<string, unknown> = {}) => ({
  stream: 'sludge', wasteCode: 'SL01', physicalForm: '半固态（脱水污泥饼）', containerType: '散装（料仓）', containerCount: 1, quantityT: 10,
  storageFacility: '脱水机房污泥料仓', attributes: { moisturePct: 78 }, ...overrides,
});

/** Records a sludge batch and returns its id. */
export async function sludgeBatch(plant: Client, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await plant.post('/api/ledger/batches', sludgeBatchBody(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** The demo haulier's sludge truck and its driver with an account (driver.sludge). */
export async function sludgeTruck(client: Client) {
  const res = await client.get(`/api/manifests/transporters?q=${encodeURIComponent('通达物流')}`);
  expect(res.statusCode, res.body).toBe(200);
  const haulier = (res.json().items as { id: string; name: string; vehicles: { id: string; plate: string; loadT: number }[]; drivers: { id: string; hasAccount: boolean }[] }[])
    .find((o) => o.name === SLUDGE_HAULIER)!;
  const vehicle = haulier.vehicles.find((v) => v.plate === SLUDGE_TRUCK)!;
  return { transporterId: haulier.id, vehicleId: vehicle.id, loadT: vehicle.loadT, driverId: haulier.drivers.find((d) => d.hasAccount)!.id };
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The create body of a sludge manifest for these batches on the sludge truck. */
export function sludgeManifestBody(batchIds: string[], receiverId: string, truck: Awaited<ReturnType<typeof sludgeTruck>>, overrides: Record<string, unknown> = {}) {
  return { stream: 'sludge', batchIds, receiverId, transporterIds: [truck.transporterId], vehicleId: truck.vehicleId, driverId: truck.driverId, plannedDate: today(), ...overrides };
}

/**
 * One truckload from batch to the road: creates the manifest, the plant signs, the driver signs
 * the pickup at the batch's weight. Returns the manifest id, in transit.
 */
export async function sludgeLoadInTransit(plant: Client, driver: Client, body: ReturnType<typeof sludgeManifestBody>, pickupWeightT: number): Promise<string> {
  const created = await plant.post('/api/manifests', body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const emitted = await plant.post(`/api/manifests/${id}/sign`, { action: 'sign_emission' });
  expect(emitted.statusCode, emitted.body).toBe(200);
  const picked = await driver.post(`/api/manifests/${id}/sign`, { action: 'sign_transport', data: { pickupWeightT } });
  expect(picked.statusCode, picked.body).toBe(200);
  return id;
}
