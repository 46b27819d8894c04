import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, text } from '../http/inputs';
import { organisations } from '../platform/organisations/schema';
import { badRequest } from '../http/errors';
import { verifiedTransporters, type ManifestHooks, type NewManifest } from '../manifests/hooks';
import type { Queryable } from '../db/database';
import type { Capability } from '../../domain/enums';
import { categoryOfCode } from '../../domain/recycling';
import { shanghaiDate } from '../../domain/labels';
import { recordIntake } from './intake';
import { ewasteUnits, recyclingIntake, ewasteUnitEvents } from './schema';

// 再生资源 and 废弃电器电子产品: a load of a station's or a sorting centre's batches on a light
// manifest. Recyclables go from a station to a sorting centre, or from a sorting centre to a utiliser
// (a paper mill, a steel works: any verified recycler or receiver); appliances only to a dismantler
// that holds the 处理资格证书 (capability ewaste_dismantler).

const createBody = z.object({
  batchIds: z.array(z.uuid()).min(1).max(200), receiverId: z.uuid(), transporterIds: z.array(z.uuid()).min(1).max(3), plannedDate: calendarDay,
  vehiclePlate: text(20).optional(), producerContact: text(80).optional(),
}).strict();

async function receiverWith(tx: Queryable, input: NewManifest, allowed: Capability[], refusal: { zh: string; en: string }) {
  const [receiver] = input.receiverId ? await tx.select().from(organisations).where(eq(organisations.id, input.receiverId)) : [];
  if (!receiver || receiver.status !== 'verified' || receiver.kind !== 'enterprise' || !receiver.capabilities.some((c) => allowed.includes(c as Capability))) {
    throw badRequest('NOT_A_RECEIVER', refusal.zh, refusal.en, 'receiverId');
  }
  return receiver;
}

export const recyclablesHooks: ManifestHooks = {
  createBody,
  prepare: (body) => body as z.infer<typeof createBody> as NewManifest,
  async parties(tx, input, load) {
    const receiver = await receiverWith(tx, input, ['sorting_centre', 'recycler', 'receiver'], { zh: '接收单位须为已审核的分拣中心或再生资源利用企业', en: 'The receiver must be a verified sorting centre or recycling company' });
    if (receiver.id === load.batches[0].organisationId) throw badRequest('SAME_PARTY', '不能转运给本单位', 'A load cannot go to its own sender', 'receiverId');
    return { receiver, transporterIds: await verifiedTransporters(tx, input.transporterIds), vehicle: null, driver: null };
  },
  data(input, load) {
    const pieces = load.batches.reduce((n, b) => n + Number(b.attributes.itemCount ?? 0), 0);
    return { wasteName: load.wasteName, physicalForm: load.physicalForm, ...(pieces ? { itemCount: pieces } : {}), ...(input.vehiclePlate ? { vehiclePlate: input.vehiclePlate } : {}) };
  },
  // A station's load received by a sorting centre (or another station) enters the receiver's electronic
  // ledger as intake (source 'load') with what the weighbridge read, so that it is in the receiver's
  // store for its own loads on to a utiliser. A utiliser keeps the shared ledger's receipt only.
  async signed(tx, ctx, m, action, at) {
    if (action !== 'sign_reception' || m.status === 'refused' || !(Number(m.receivedWeightT) > 0)) return;
    const [receiver] = await tx.select().from(organisations).where(eq(organisations.id, m.receiverId));
    if (!receiver.capabilities.some((c) => c === 'sorting_centre' || c === 'recycling_station')) return;
    const category = categoryOfCode(m.wasteCode);
    if (!category) return;
    const pieces = Number(m.data.itemCount ?? 0);
    await recordIntake(tx, ctx, receiver, {
      receivedOn: shanghaiDate(at), category: category.value, weightKg: Math.round(Number(m.receivedWeightT) * 1_000_000) / 1000, source: 'load', manifestId: m.id,
      sellerOrgId: m.producerId, ...(pieces ? { itemCount: pieces } : {}), note: `联单 ${m.number}`,
    });
  },
};

/** The units of a load: those taken in on the batches it carries. */
async function unitsOfBatches(tx: Queryable, batchIds: string[]) {
  return batchIds.length ? tx.select({ id: ewasteUnits.id, regionCode: ewasteUnits.regionCode }).from(ewasteUnits)
    .innerJoin(recyclingIntake, eq(recyclingIntake.id, ewasteUnits.intakeId)).where(inArray(recyclingIntake.batchId, batchIds)) : [];
}

export const ewasteHooks: ManifestHooks = {
  createBody,
  prepare: (body) => body as z.infer<typeof createBody> as NewManifest,
  async parties(tx, input, load) {
    const receiver = await receiverWith(tx, input, ['ewaste_dismantler'], { zh: '废弃电器电子产品只能交给取得处理资格的处理企业', en: 'Appliances go only to a dismantler holding the treatment qualification' });
    // The load names its units (traced one by one to their dismantling), from the batches it carries.
    const units = await unitsOfBatches(tx, load.batches.map((b) => b.id));
    return { receiver, transporterIds: await verifiedTransporters(tx, input.transporterIds), vehicle: null, driver: null, extra: { unitIds: units.map((u) => u.id) } };
  },
  data(input, load, parties) {
    return {
      wasteName: load.wasteName, physicalForm: load.physicalForm, unitCount: load.batches.reduce((n, b) => n + Number(b.attributes.unitCount ?? 0), 0),
      ...(parties.extra ?? {}), ...(input.vehiclePlate ? { vehiclePlate: input.vehiclePlate } : {}),
    };
  },
  // The units of the load leave the station when it is picked up and reach the dismantler at reception.
  async signed(tx, ctx, m, action, at) {
    const ids = Array.isArray(m.data.unitIds) ? (m.data.unitIds as string[]) : [];
    if (!ids.length) return;
    const kind = action === 'sign_transport' ? 'shipped' : action === 'sign_reception' && m.status !== 'refused' ? 'received' : null;
    if (!kind) return;
    const units = await tx.select({ id: ewasteUnits.id, regionCode: ewasteUnits.regionCode }).from(ewasteUnits).where(inArray(ewasteUnits.id, ids));
    await tx.insert(ewasteUnitEvents).values(units.map((u) => ({
      unitId: u.id, regionCode: u.regionCode, kind: kind as 'shipped' | 'received', organisationId: kind === 'shipped' ? m.producerId : m.receiverId, manifestId: m.id,
      happenedOn: shanghaiDate(at), recordedBy: ctx.actor.userId ?? null,
    })));
  },
};
