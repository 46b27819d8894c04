import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { calendarDay, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { organisations } from '../platform/organisations/schema';
import { badRequest } from '../http/errors';
import { verifiedTransporters, type ManifestHooks, type NewManifest } from '../manifests/hooks';
import { licensedReceivers } from '../hazardous/receivers';
import { designatedIn, runsHouseholdDisposal } from './service';
import { exemptionBreaches, PESTICIDE_HW_CODE, TRANSPORT_MEASURE_VALUES, type DestinationKind } from '../../domain/agri/pesticide';

// 农药包装废弃物: a load of the station's batches, on a light manifest, to a utiliser the bureau
// designated, to a household-waste incinerator or landfill, or, when the load breaks a condition of
// the exemption (豁免清单第28项), as hazardous waste 900-003-04 to a receiver licensed for it. The
// station states the carrier's measures (防雨、防渗漏、防遗撒); the manifest records how the load is
// managed and which conditions it broke, so the bureau and ecology see it flagged.

const measure = z.enum(TRANSPORT_MEASURE_VALUES, { error: bilingual('运输措施应为 rainproof、leakproof、spillproof 之一', 'A transport measure is one of rainproof, leakproof, spillproof') });

const createBody = z.object({
  batchIds: z.array(z.uuid()).min(1).max(100), receiverId: z.uuid(), transporterIds: z.array(z.uuid()).min(1).max(3), plannedDate: calendarDay,
  /** The carrier's measures as the 办法 asks them; one missing breaks the exemption. */
  transportMeasures: z.array(measure).max(3),
  producerContact: text(80).optional(),
}).strict();

type PesticideManifest = NewManifest & { transportMeasures: string[] };

const NAME = '农药包装废弃物';

export const pesticideHooks: ManifestHooks = {
  createBody,
  prepare: (body) => body as z.infer<typeof createBody> as PesticideManifest,

  async parties(tx, raw, load) {
    const input = raw as PesticideManifest;
    const [receiver] = input.receiverId ? await tx.select().from(organisations).where(eq(organisations.id, input.receiverId)) : [];
    if (!receiver || receiver.status !== 'verified' || receiver.kind !== 'enterprise') throw badRequest('NOT_A_RECEIVER', '接收单位须为已审核的利用或处置单位', 'The receiver must be a verified utilisation or disposal company', 'receiverId');
    const county = load.batches[0].regionCode.slice(0, 6);
    const destination: DestinationKind = (await designatedIn(tx, county, [receiver.id])).has(receiver.id) ? 'designated_utiliser'
      : (await runsHouseholdDisposal(tx, receiver.id)) ? 'household_disposal' : 'other';
    const breaches = exemptionBreaches({ fromStation: true, measures: input.transportMeasures, destination });
    if (breaches.length) {
      const licensed = (await licensedReceivers(tx, PESTICIDE_HW_CODE, input.plannedDate)).find((r) => r.id === receiver.id);
      if (!licensed) {
        throw badRequest('RECEIVER_NOT_LICENSED', `该批不符合豁免条件（${breaches.map((b) => b.zh).join('；')}），须按危险废物 ${PESTICIDE_HW_CODE} 管理，${receiver.name} 没有该代码的有效经营许可证`,
          `The load breaks the exemption (${breaches.map((b) => b.en).join('; ')}) and is hazardous waste ${PESTICIDE_HW_CODE}: ${receiver.name} holds no valid licence for it`, 'receiverId');
      }
    }
    const transporterIds = await verifiedTransporters(tx, input.transporterIds);
    return { receiver, transporterIds, vehicle: null, driver: null, extra: { destinationKind: destination, exemptionBreaches: breaches.map((b) => b.key) } };
  },

  data(raw, load, parties) {
    const input = raw as PesticideManifest;
    const count = (field: string) => load.batches.reduce((n, b) => n + Number(b.attributes[field] ?? 0), 0);
    const breaches = (parties.extra?.exemptionBreaches as string[]) ?? [];
    return {
      wasteName: NAME, physicalForm: load.physicalForm,
      packageCount: count('bottleCount') + count('bagCount') + count('drumCount'),
      bottleCount: count('bottleCount'), bagCount: count('bagCount'), drumCount: count('drumCount'),
      transportMeasures: [...input.transportMeasures].sort(),
      destinationKind: parties.extra?.destinationKind as string,
      exemptionBreaches: breaches,
      managedAs: breaches.length ? 'hazardous' : 'exempt',
      ...(breaches.length ? { hazardousCode: PESTICIDE_HW_CODE } : {}),
    };
  },
};
