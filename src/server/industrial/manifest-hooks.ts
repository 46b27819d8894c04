import { eq } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';
import { badRequest } from '../http/errors';
import { verifiedTransporters, type ManifestHooks } from '../manifests/hooks';

// 一般工业固体废物: a verified receiver or recycler; a transporter is optional and signs nothing; the
// hand-over states its purpose (利用/处置) and the plate if a vehicle is known.
export const industrialHooks: ManifestHooks = {
  async parties(tx, input) {
    const [receiver] = input.receiverId ? await tx.select().from(organisations).where(eq(organisations.id, input.receiverId)) : [];
    if (!receiver || receiver.status !== 'verified' || !receiver.capabilities.some((c) => c === 'receiver' || c === 'recycler')) {
      throw badRequest('NOT_A_RECEIVER', '受托单位须为已审核的利用处置或回收单位', 'The receiver must be a verified utilisation, disposal or recycling company', 'receiverId');
    }
    return { receiver, transporterIds: await verifiedTransporters(tx, input.transporterIds), vehicle: null, driver: null };
  },

  data(input, load) {
    return { physicalForm: load.physicalForm, purpose: input.purpose, ...(input.vehiclePlate ? { vehiclePlate: input.vehiclePlate } : {}) };
  },
};
