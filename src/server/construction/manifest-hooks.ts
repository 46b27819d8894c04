import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, quantityT } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import type { Queryable } from '../db/database';
import { manifests } from '../manifests/schema';
import { constructionProjects, constructionPlans, disposalSites } from './schema';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';
import { badRequest, conflict } from '../http/errors';
import { verifiedTransporters, type Load, type ManifestHooks, type NewManifest } from '../manifests/hooks';

// 建筑垃圾: a truckload leaves a project whose latest disposal plan is approved, on a truck of the
// plan's transport company that can take it and carries no other open load, to a site of the plan
// that takes the category and has room left.

type Plan = typeof constructionPlans.$inferSelect;

/** A truckload from a project of the producer whose latest disposal plan is approved and names the category. */
async function projectLoad(tx: Queryable, producer: { id: string }, input: NewManifest): Promise<Load> {
  const [project] = input.projectId ? await tx.select().from(constructionProjects).where(and(eq(constructionProjects.id, input.projectId), eq(constructionProjects.organisationId, producer.id))) : [];
  if (!project) throw badRequest('UNKNOWN_PROJECT', '工程项目不存在或不属于本单位', 'The project does not exist or is not yours', 'projectId');
  if (project.status === 'finished') throw conflict('PROJECT_FINISHED', '工程已竣工，不能再出土', 'The project is finished: no more loads leave it');
  const [plan] = await tx.select().from(constructionPlans).where(eq(constructionPlans.projectId, project.id)).orderBy(desc(constructionPlans.version)).limit(1);
  if (!plan || plan.status !== 'approved') throw conflict('PLAN_NOT_APPROVED', '建筑垃圾处理方案尚未获批，不能运输', 'The disposal plan is not approved yet: no loads may leave');
  const item = plan.items.find((i) => i.code === input.wasteCode);
  if (!item) throw badRequest('NOT_IN_PLAN', `处理方案中没有类别 ${input.wasteCode ?? ''}`, `The plan has no category ${input.wasteCode ?? ''}`, 'wasteCode');
  const declaredWeightT = Number(input.declaredWeightT);
  if (!(declaredWeightT > 0)) throw badRequest('BAD_WEIGHT', '预计装载量须大于0', 'The expected load must be above 0', 'declaredWeightT');
  const names: Record<string, string> = { CW01: '工程渣土', CW02: '工程泥浆', CW03: '工程垃圾', CW04: '拆除垃圾', CW05: '装修垃圾' };
  return { wasteCode: item.code, wasteName: names[item.code] ?? item.code, physicalForm: item.code === 'CW02' ? '泥浆' : '固态', declaredWeightT, batches: [], held: new Map(), context: plan,
    extra: { projectId: project.id, projectName: project.name } };
}

/**
 * A site's load: what it holds (what it held before the platform, plus the loads received, kept on its
 * row) and the loads still on their way to it (their exit weight once weighed, else the declared
 * weight), read through manifests_site_idx.
 */
export async function siteLoad(q: Queryable, siteId: string): Promise<{ fillT: number; onTheWayT: number }> {
  const [row] = await q.select({
    fill: sql<number>`${disposalSites.openingFillT} + ${disposalSites.receivedT}`.mapWith(Number),
    onTheWay: sql<number>`(SELECT coalesce(sum(coalesce((m.data->>'pickupWeightT')::numeric, m.declared_weight_t)), 0) FROM manifests m
      WHERE m.stream = 'construction' AND m.data->>'siteId' = ${siteId} AND m.status IN ('draft', 'signed_by_producer', 'in_transit'))`.mapWith(Number),
  }).from(disposalSites).where(eq(disposalSites.id, siteId));
  return { fillT: row?.fill ?? 0, onTheWayT: Math.round((row?.onTheWay ?? 0) * 1000) / 1000 };
}

/** 建筑垃圾 categories: CW01 工程渣土 … CW05 装修垃圾. */
export const cwCode = z.enum(['CW01', 'CW02', 'CW03', 'CW04', 'CW05'], { message: bilingual('类别应为 CW01 工程渣土、CW02 工程泥浆、CW03 工程垃圾、CW04 拆除垃圾、CW05 装修垃圾之一', 'The category is one of CW01–CW05') });

const createBody = z.object({
  projectId: z.uuid(), wasteCode: cwCode, declaredWeightT: quantityT(200, { zh: '装载量', en: 'The load' }), siteId: z.uuid(),
  transporterId: z.uuid(), vehicleId: z.uuid(), driverId: z.uuid(), plannedDate: calendarDay,
}).strict();

export const constructionHooks: ManifestHooks = {
  createBody,

  prepare(raw) {
    const { transporterId, ...rest } = raw as z.infer<typeof createBody>;
    return { ...rest, batchIds: [], transporterIds: [transporterId] };
  },

  load: projectLoad,

  // A transport company and a destination of the approved plan; a vehicle that can take the load
  // and carries no other open load; a site that accepts the category and has room left.
  async parties(tx, input, { wasteCode, declaredWeightT, context }) {
    const plan = context as Plan;
    const transporterIds = await verifiedTransporters(tx, input.transporterIds.slice(0, 1));
    if (!transporterIds.length || !plan.transporterIds.includes(transporterIds[0])) throw badRequest('TRANSPORTER_NOT_IN_PLAN', '运输单位不在获批处理方案中', 'The transport company is not in the approved plan', 'transporterIds');
    const [site] = input.siteId ? await tx.select().from(disposalSites).where(eq(disposalSites.id, input.siteId)).for('update') : [];
    if (!site || !site.active) throw badRequest('UNKNOWN_SITE', '消纳/利用场所不存在或已关闭', 'The destination site does not exist or is closed', 'siteId');
    if (!plan.siteIds.includes(site.id)) throw badRequest('SITE_NOT_IN_PLAN', `${site.name} 不在获批处理方案的去向中`, `${site.name} is not a destination of the approved plan`, 'siteId');
    if (!site.accepts.includes(wasteCode)) throw badRequest('SITE_REFUSES_CODE', `${site.name} 不接收该类建筑垃圾`, `${site.name} does not take this category`, 'siteId');
    // Loads on their way there take room too: the site row's lock above makes this check and the insert one step.
    const { fillT, onTheWayT } = await siteLoad(tx, site.id);
    const room = Math.max(0, Math.round((site.capacityT - fillT - onTheWayT) * 100) / 100);
    if (fillT + onTheWayT + declaredWeightT > site.capacityT) {
      throw conflict('SITE_FULL', `${site.name} 剩余库容 ${room} 吨（已扣除在途 ${onTheWayT} 吨），装不下 ${declaredWeightT} 吨`, `${site.name} has ${room} t of room left (after ${onTheWayT} t on the way), not ${declaredWeightT} t`);
    }
    const [receiver] = await tx.select().from(organisations).where(eq(organisations.id, site.organisationId));
    // The vehicle row is the lock: two loads for one truck at once cannot both pass the check below.
    const [vehicle] = input.vehicleId ? await tx.select().from(vehicles).where(and(eq(vehicles.id, input.vehicleId), eq(vehicles.organisationId, transporterIds[0]), eq(vehicles.active, true))).for('update') : [];
    if (!vehicle) throw badRequest('UNKNOWN_VEHICLE', '车辆不属于该运输单位或已停用', 'The vehicle is not one of the transport company’s, or is out of service', 'vehicleId');
    if (vehicle.loadT < declaredWeightT) throw badRequest('OVERLOAD', `装载量 ${declaredWeightT} 吨超过车辆核定载质量 ${vehicle.loadT} 吨`, `${declaredWeightT} t exceeds the vehicle's ${vehicle.loadT} t load`, 'declaredWeightT');
    const [busy] = await tx.select({ number: manifests.number }).from(manifests).where(and(sql`${manifests.data}->>'vehicleId' = ${vehicle.id}`, sql`${manifests.status} IN ('draft', 'signed_by_producer', 'in_transit')`)).limit(1);
    if (busy) throw conflict('VEHICLE_BUSY', `车辆 ${vehicle.plate} 还在联单 ${busy.number} 上运输，不能同时装第二车`, `Vehicle ${vehicle.plate} is still on manifest ${busy.number}: one open load at a time`);
    const [driver] = input.driverId ? await tx.select().from(drivers).where(and(eq(drivers.id, input.driverId), eq(drivers.organisationId, transporterIds[0]), eq(drivers.active, true))) : [];
    if (!driver) throw badRequest('UNKNOWN_DRIVER', '驾驶员不属于该运输单位', 'The driver does not belong to the transport company', 'driverId');
    return { receiver, transporterIds, vehicle, driver, extra: { siteId: site.id, siteName: site.name } };
  },

  data(input, load, parties) {
    return { ...load.extra, ...parties.extra, vehicleId: parties.vehicle!.id, driverId: parties.driver!.id, vehiclePlate: parties.vehicle!.plate, driverName: parties.driver!.name };
  },
};
