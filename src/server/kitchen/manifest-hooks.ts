import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, quantityT, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import type { Queryable } from '../db/database';
import { organisations, vehicles } from '../platform/organisations/schema';
import { householdFacilities } from '../household/schema';
import { badRequest, conflict } from '../http/errors';
import { verifiedTransporters, type Load, type ManifestHooks, type NewManifest } from '../manifests/hooks';
import { kitchenContracts } from './schema';
import { KITCHEN_CODES, usesFor } from '../../domain/streams/kitchen';

// 餐厨垃圾: a pickup at a producer with a collection contract in force on the day, by the collector
// that contract names (and no other), to a kitchen-waste plant of the household register (food waste)
// or to a verified used-oil recycler (废弃食用油脂, KW02). The collector's driver writes the truck and
// the pickup weight; the receiver its weighbridge figure and the use.

type Contract = typeof kitchenContracts.$inferSelect;

const NAMES: Record<string, { name: string; form: string }> = {
  [KITCHEN_CODES.food]: { name: '餐厨垃圾', form: '半固态（含水食物残余，桶装）' },
  [KITCHEN_CODES.oil]: { name: '废弃食用油脂', form: '液态（煎炸废油、隔油池油脂，桶装）' },
};

/** The producer's contract in force on the pickup day: the source of every kitchen-waste load. */
async function contractLoad(tx: Queryable, producer: { id: string }, input: NewManifest): Promise<Load> {
  const [contract] = await tx.select().from(kitchenContracts).where(and(eq(kitchenContracts.producerId, producer.id), isNull(kitchenContracts.endedOn)));
  if (!contract) throw conflict('NO_CONTRACT', '本单位尚未登记餐厨垃圾收运合同：请先登记签约的收运单位', 'Your organisation has no kitchen-waste collection contract on record: register your collector first');
  if (input.plannedDate < contract.validFrom || input.plannedDate > contract.validTo) {
    throw badRequest('CONTRACT_NOT_IN_FORCE', `收运合同 ${contract.contractNo} 有效期为 ${contract.validFrom} 至 ${contract.validTo}，不含收运日期`, `Contract ${contract.contractNo} runs from ${contract.validFrom} to ${contract.validTo}, not on the pickup day`, 'plannedDate');
  }
  const code = String(input.wasteCode);
  const declaredWeightT = Number(input.declaredWeightT);
  return { wasteCode: code, wasteName: NAMES[code].name, physicalForm: NAMES[code].form, declaredWeightT, batches: [], held: new Map(), context: contract,
    extra: { producerKind: contract.producerKind, contractNo: contract.contractNo } };
}

/** Whether the organisation runs a kitchen-waste plant of the household register that is in use. */
async function runsKitchenPlant(tx: Queryable, organisationId: string) {
  const [plant] = await tx.select({ id: householdFacilities.id }).from(householdFacilities)
    .where(and(eq(householdFacilities.organisationId, organisationId), eq(householdFacilities.kind, 'kitchen_plant'), eq(householdFacilities.status, 'in_use'))).limit(1);
  return !!plant;
}

const kwCode = z.enum([KITCHEN_CODES.food, KITCHEN_CODES.oil], { error: bilingual('类别应为 KW01 餐厨垃圾 或 KW02 废弃食用油脂', 'The class is KW01 (food waste) or KW02 (used cooking oil)') });

const createBody = z.object({
  wasteCode: kwCode,
  bucketCount: z.number({ error: bilingual('桶数应为整数', 'The bucket count is a whole number') }).int({ error: bilingual('桶数应为整数', 'The bucket count is a whole number') }).min(1, { error: bilingual('桶数至少为1', 'At least one bucket') }).max(500, { error: bilingual('桶数至多500', 'At most 500 buckets') }),
  declaredWeightT: quantityT(30, { zh: '预估重量', en: 'The estimated weight' }),
  plannedDate: calendarDay,
  receiverId: z.uuid(),
  /** The collector; the contracted one when left out. Any other is refused. */
  collectorId: z.uuid().optional(),
  producerContact: text(80).optional(),
}).strict();

export const kitchenHooks: ManifestHooks = {
  createBody,

  prepare(raw) {
    const { collectorId, ...rest } = raw as z.infer<typeof createBody>;
    return { ...rest, batchIds: [], transporterIds: collectorId ? [collectorId] : [] };
  },

  load: contractLoad,

  async parties(tx, input, { wasteCode, context }) {
    const contract = context as Contract;
    const asked = input.transporterIds[0];
    if (asked && asked !== contract.collectorId) {
      throw badRequest('NOT_CONTRACTED_COLLECTOR', `餐厨垃圾只能交给签约的收运单位（合同 ${contract.contractNo}）`, `Kitchen waste goes only to the collector under contract (${contract.contractNo})`, 'collectorId');
    }
    const [collector] = await tx.select().from(organisations).where(eq(organisations.id, contract.collectorId));
    if (!collector || collector.status !== 'verified' || !collector.capabilities.includes('kitchen_collector')) {
      throw conflict('COLLECTOR_NOT_LICENSED', '签约的收运单位不是已审核的餐厨废弃物收运单位，请更换收运单位', 'The contracted collector is not a verified kitchen-waste collector: register another one', 'collectorId');
    }
    const transporterIds = await verifiedTransporters(tx, [collector.id]);
    const [receiver] = input.receiverId ? await tx.select().from(organisations).where(eq(organisations.id, input.receiverId)) : [];
    if (wasteCode === KITCHEN_CODES.oil) {
      // 废弃食用油脂 must not return to the table: only a recycler verified for it may take it.
      if (!receiver || receiver.status !== 'verified' || !receiver.capabilities.includes('grease_recycler')) {
        throw badRequest('NOT_AN_OIL_RECYCLER', '废弃食用油脂只能交给已审核的废弃油脂资源化利用单位', 'Used cooking oil goes only to a verified used-oil recycler', 'receiverId');
      }
    } else if (!receiver || receiver.status !== 'verified' || !(await runsKitchenPlant(tx, receiver.id))) {
      throw badRequest('NOT_A_KITCHEN_PLANT', '餐厨垃圾只能送往生活垃圾名录中在用的餐厨垃圾处理厂的运营单位', 'Food waste goes only to the operator of a kitchen-waste plant in use on the household register', 'receiverId');
    }
    return { receiver, transporterIds, vehicle: null, driver: null };
  },

  data(input, load) {
    return { ...load.extra, physicalForm: load.physicalForm, bucketCount: input.bucketCount };
  },

  // The truck at the door is one of the collector's in service; used oil is received only for refining.
  async signing(tx, manifest, action, data) {
    if (action === 'sign_transport') {
      const plate = String(data.vehiclePlate ?? '').trim().toUpperCase();
      const [truck] = await tx.select({ id: vehicles.id }).from(vehicles)
        .where(and(eq(vehicles.organisationId, manifest.transporterIds[0]), eq(vehicles.active, true), sql`upper(${vehicles.plate}) = ${plate}`)).limit(1);
      if (!truck) throw badRequest('UNKNOWN_VEHICLE', `车辆 ${plate} 不是收运单位登记在用的车辆`, `Vehicle ${plate} is not one the collector has registered and in service`, 'data.vehiclePlate');
    }
    if (action === 'sign_reception' && data.receptionOutcome !== 'refused' && !usesFor(manifest.wasteCode).some((u) => u.value === data.treatmentMethod)) {
      throw badRequest('USE_NOT_FOR_OIL', '废弃食用油脂只能用于油脂提炼（生物柴油或工业用油）', 'Used cooking oil is received only for refining (biodiesel or industrial oils)', 'data.treatmentMethod');
    }
  },
};

/** The kitchen-waste plants' and oil recyclers' operators of the producer's city it may send to, by code (the create form's choice). */
export async function kitchenReceivers(q: Queryable, wasteCode: string, cityPrefix: string) {
  const oil = wasteCode === KITCHEN_CODES.oil;
  return q.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations)
    .where(and(eq(organisations.status, 'verified'), sql`${organisations.regionCode} LIKE ${`${cityPrefix}%`}`, oil
      ? sql`${organisations.capabilities} @> ARRAY['grease_recycler']::text[]`
      : sql`EXISTS (SELECT 1 FROM ${householdFacilities} f WHERE f.organisation_id = ${organisations.id} AND f.kind = 'kitchen_plant' AND f.status = 'in_use')`))
    .orderBy(organisations.name).limit(100);
}
