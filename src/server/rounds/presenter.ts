import { z } from 'zod';
import { calendarDay, instant } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about collection rounds (公交式收运) and the chain of a load through a collector's store.

/** A round as stored. */
export const roundSchema = z.object({
  id: z.string(), regionCode: z.string(), collectorId: z.string(), vehicleId: z.string(), driverId: z.string(), roundDate: calendarDay, wasteCode: z.string(),
  status: z.enum(['planned', 'closed']), note: z.string(), createdBy: z.string(), createdAt: instant, closedAt: instant.nullable(),
});

export const roundPage = pageSchema(z.object({
  id: z.string(), roundDate: calendarDay, wasteCode: z.string(), status: z.enum(['planned', 'closed']), collectorName: z.string(), plate: z.string(),
  counts: z.object({ stops: z.number(), manifests: z.number().describe('stops with a manifest'), received: z.number() }),
}));

export const producerChoicePage = pageSchema(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), address: z.string(), industry: z.string().nullable() }));

const place = z.object({ id: z.string(), name: z.string(), address: z.string(), contactPhone: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable() });

/** A round with each stop: the producer, its manifest and where it stands (numbers and weights only for those who may see the manifest). */
export const roundDetailSchema = roundSchema.extend({
  collector: place.optional(),
  vehicle: z.object({ plate: z.string(), vehicleType: z.string(), loadT: z.number() }).optional(),
  driver: z.object({ name: z.string(), phone: z.string() }).nullable(),
  isCollector: z.boolean(), isDriver: z.boolean(),
  stops: z.array(z.object({
    seq: z.number(), producer: place.optional(), mine: z.boolean(),
    manifest: z.object({
      id: z.string().nullable(), number: z.string().nullable(), status: z.string(), declaredWeightT: z.number().nullable(), pickupWeightT: z.number().nullable(), receivedWeightT: z.number().nullable(),
    }).nullable().describe('null until the stop makes its manifest'),
  })),
});

const chainLink = z.object({
  id: z.string(), number: z.string(), status: z.string(), wasteCode: z.string(), declaredWeightT: z.number(), receivedWeightT: z.number().nullable(),
  treatmentMethod: z.string().nullable(), producerName: z.string(), receiverName: z.string(),
});
export type ChainLink = z.infer<typeof chainLink>;

/** Where a load came from (upstream, for a collector's outgoing manifest) and where it went (downstream). */
export const manifestChainSchema = z.object({
  manifestId: z.string(),
  upstream: z.array(chainLink),
  downstream: z.array(chainLink.extend({ batchNo: z.string().describe('the collector’s batch it left from') })),
  collectorStore: z.object({ batchNo: z.string(), inStoreT: z.number() }).nullable().describe('what of it is still in the collector’s store'),
});
