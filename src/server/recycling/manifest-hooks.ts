import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, text } from '../http/inputs';
import { organisations } from '../platform/organisations/schema';
import { badRequest } from '../http/errors';
import { verifiedTransporters, type ManifestHooks, type NewManifest } from '../manifests/hooks';
import type { Queryable } from '../db/database';
import type { Capability } from '../../domain/enums';

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
};

export const ewasteHooks: ManifestHooks = {
  createBody,
  prepare: (body) => body as z.infer<typeof createBody> as NewManifest,
  async parties(tx, input) {
    const receiver = await receiverWith(tx, input, ['ewaste_dismantler'], { zh: '废弃电器电子产品只能交给取得处理资格的处理企业', en: 'Appliances go only to a dismantler holding the treatment qualification' });
    return { receiver, transporterIds: await verifiedTransporters(tx, input.transporterIds), vehicle: null, driver: null };
  },
  data(input, load) {
    return {
      wasteName: load.wasteName, physicalForm: load.physicalForm, unitCount: load.batches.reduce((n, b) => n + Number(b.attributes.unitCount ?? 0), 0),
      ...(input.vehiclePlate ? { vehiclePlate: input.vehiclePlate } : {}),
    };
  },
};
