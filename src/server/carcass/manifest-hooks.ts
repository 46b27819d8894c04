import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay } from '../http/inputs';
import type { Queryable } from '../db/database';
import { organisations, vehicles } from '../platform/organisations/schema';
import { manifests } from '../manifests/schema';
import { badRequest, conflict } from '../http/errors';
import { verifiedTransporters, type Load, type ManifestHooks, type NewManifest } from '../manifests/hooks';
import { shanghaiDate } from '../../domain/labels';
import { CARCASS_CODE, CARCASS_SPECIES, CENTRAL_METHODS } from '../../domain/agri/carcass';
import { carcassReports, carcassReportCancellations } from './schema';
import { carcassFormulas } from './formulas';

// 病死畜禽: a pickup's load is a death report in force. A farm's report is its own load (the farm is
// the producer); a scattered household's has no organisation, so the plant that collects it stands as
// producer on its behalf and the manifest names the household, its village and the station that
// reported. The plant is the only carrier and the receiver: a verified company that is both a
// dead-livestock treatment plant and a transporter.

type Report = typeof carcassReports.$inferSelect;

/** The report of a load, locked: in force (not cancelled, not superseded) and not yet on a live manifest. */
async function reportLoad(tx: Queryable, producer: { id: string }, input: NewManifest): Promise<Load> {
  const [report] = input.reportId ? await tx.select().from(carcassReports).where(eq(carcassReports.id, input.reportId)).for('update') : [];
  if (!report) throw badRequest('UNKNOWN_REPORT', '死亡报告不存在', 'No such death report', 'reportId');
  const [producerOrg] = await tx.select().from(organisations).where(eq(organisations.id, producer.id));
  const own = report.farmId === producer.id;
  const onBehalf = !report.farmId && producerOrg.capabilities.includes('carcass_plant') && report.regionCode.startsWith(producerOrg.regionCode.slice(0, 6));
  if (!own && !onBehalf) throw badRequest('NOT_YOUR_REPORT', '只能为本场的死亡报告（或处理厂为本县散户的报告）出具联单', 'A manifest is made for your own farm’s report, or by the plant for a household of its county', 'reportId');
  const [cancelled] = await tx.select({ id: carcassReportCancellations.reportId }).from(carcassReportCancellations).where(eq(carcassReportCancellations.reportId, report.id));
  const [superseded] = await tx.select({ id: carcassReports.id }).from(carcassReports).where(eq(carcassReports.supersedesId, report.id));
  if (cancelled || superseded) throw conflict('REPORT_NOT_IN_FORCE', '该死亡报告已撤销或已被更正', 'The report has been cancelled or corrected', 'reportId');
  const [live] = await tx.select({ number: manifests.number }).from(manifests).where(and(eq(manifests.stream, 'carcass'), sql`${manifests.data}->>'reportId' = ${report.id}`, sql`${manifests.status} <> 'cancelled'`));
  if (live) throw conflict('REPORT_HAS_MANIFEST', `该报告已有联单 ${live.number}`, `The report has a manifest already (${live.number})`, 'reportId');
  const species = CARCASS_SPECIES.find((s) => s.value === report.species);
  const source = report.farmId ? producerOrg.name : `散户 ${report.householdName}（${report.village}）`;
  return {
    wasteCode: CARCASS_CODE, wasteName: `病死畜禽（${species?.zh ?? report.species}）`, physicalForm: '固态（动物尸体）', declaredWeightT: Math.max(0.0005, Math.round(report.weightKg * 10) / 10_000),
    batches: [], held: new Map(), context: report,
    extra: { reportId: report.id, species: report.species, reportedHead: report.head, cause: report.cause, source, townCode: report.regionCode, ...(report.suspectedNotifiable ? { suspectedNotifiable: true } : {}) },
  };
}

/** The dead-livestock plants of a city: verified, treating carcasses and carrying them. */
export async function carcassPlants(q: Queryable, cityPrefix: string) {
  return q.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations)
    .where(and(eq(organisations.status, 'verified'), sql`${organisations.capabilities} @> ARRAY['carcass_plant', 'transporter']::text[]`, sql`${organisations.regionCode} LIKE ${`${cityPrefix}%`}`))
    .orderBy(organisations.name).limit(20);
}

const createBody = z.object({
  reportId: z.uuid(),
  plannedDate: calendarDay.optional(),
  /** The plant; the county's plant when left out. */
  receiverId: z.uuid().optional(),
}).strict();

export const carcassHooks: ManifestHooks = {
  createBody,

  prepare(raw) {
    const body = raw as z.infer<typeof createBody>;
    return { reportId: body.reportId, receiverId: body.receiverId, plannedDate: body.plannedDate ?? shanghaiDate(new Date()), batchIds: [], transporterIds: [] };
  },

  load: reportLoad,

  async parties(tx, input, { context }) {
    const report = context as Report;
    const plants = await carcassPlants(tx, report.regionCode.slice(0, 4));
    // The county's own plant first; a city's plant serves a county without one.
    const chosen = input.receiverId ? plants.find((p) => p.id === input.receiverId) : plants.find((p) => p.regionCode.startsWith(report.regionCode.slice(0, 6))) ?? plants[0];
    if (!chosen) throw badRequest('NO_CARCASS_PLANT', '本市没有已审核的病死畜禽无害化处理厂', 'There is no verified dead-livestock treatment plant in your city', 'receiverId');
    const [receiver] = await tx.select().from(organisations).where(eq(organisations.id, chosen.id));
    const transporterIds = await verifiedTransporters(tx, [receiver.id]);
    return { receiver, transporterIds, vehicle: null, driver: null };
  },

  data(_input, load) {
    return { ...load.extra, physicalForm: load.physicalForm };
  },

  // The vehicle at the farm is one of the plant's in service; the plant receives no more head than were picked up.
  async signing(tx, manifest, action, data) {
    if (action === 'sign_transport') {
      const plate = String(data.vehiclePlate ?? '').trim().toUpperCase();
      const [truck] = await tx.select({ id: vehicles.id }).from(vehicles)
        .where(and(eq(vehicles.organisationId, manifest.transporterIds[0]), eq(vehicles.active, true), sql`upper(${vehicles.plate}) = ${plate}`)).limit(1);
      if (!truck) throw badRequest('UNKNOWN_VEHICLE', `车辆 ${plate} 不是处理厂登记在用的收集车辆`, `Vehicle ${plate} is not one the plant has registered and in service`, 'data.vehiclePlate');
    }
    if (action === 'sign_reception' && data.receptionOutcome !== 'refused') {
      if (Number(data.receivedHead) > Number(data.pickupHead)) {
        throw badRequest('MORE_THAN_PICKED_UP', `接收数量不能多于收集时清点的 ${data.pickupHead} 头（只）`, `The plant cannot receive more than the ${data.pickupHead} head counted at pickup`, 'data.receivedHead');
      }
      if (!CENTRAL_METHODS.includes(String(data.treatmentMethod)) && !String(data.receptionNote ?? '').trim()) {
        throw badRequest('BURIAL_NEEDS_REASON', '深埋仅限应急情况，请在接收意见中说明原因', 'Deep burial is for emergencies only: give the reason in the remarks', 'data.receptionNote');
      }
    }
  },
};

export { carcassFormulas };
