import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { organisations } from '../platform/organisations/schema';
import { badRequest } from '../http/errors';
import { verifiedTransporters, type ManifestHooks } from '../manifests/hooks';

// 一般工业固体废物: a verified receiver or recycler; a transporter is optional and signs nothing; the
// hand-over states its purpose (利用/处置) and the plate if a vehicle is known.
const createBody = z.object({
  batchIds: z.array(z.uuid()).min(1).max(200), receiverId: z.uuid(), transporterIds: z.array(z.uuid()).max(5).default([]), plannedDate: calendarDay,
  purpose: z.enum(['利用', '处置'], { message: bilingual('委托目的应为“利用”或“处置”', 'The purpose is 利用 (utilisation) or 处置 (disposal)') }),
  vehiclePlate: z.string().trim().toUpperCase().min(5).max(10).optional(), producerContact: text(80).optional(),
}).strict();

export const industrialHooks: ManifestHooks = {
  createBody,
  prepare: (body) => body as z.infer<typeof createBody>,

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
