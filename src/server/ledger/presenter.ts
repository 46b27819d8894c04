import { z } from 'zod';
import { instant } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { LEDGER_KINDS } from './schema';

// What leaves the server about the ledger (台账): batches of waste and their movements.

/** A batch as stored (HJ 1259 B.1). */
/** What the stream's definition records of a batch beyond the common columns (its batch fields), e.g. { moisturePct: 78.5 }. */
const batchAttributes = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).describe('the stream’s batch fields (batchFields of GET /api/manifests/rules/{stream})');

export const batchSchema = z.object({
  regionCode: z.string(), id: z.string(), organisationId: z.string(), stream: z.string(), batchNo: z.string().describe('HWCS20211031001: prefix, day, daily serial'), wasteCode: z.string(),
  catalogueName: z.string(), internalName: z.string(), category: z.string(), hazard: z.array(z.string()), physicalForm: z.string(), mainComponents: z.string(),
  containerType: z.string(), containerVolumeL: z.number().describe('0 for bulk waste kept without containers'), containerCount: z.number(), quantityT: z.number(),
  facilityCode: z.string(), storageFacility: z.string(), generatedAt: instant, attributes: batchAttributes, originManifestId: z.string().nullable().describe('a collector’s batch: the manifest it came in on'),
  originProducerId: z.string().nullable(), labelToken: z.string().describe('what the label’s QR code opens (GET /api/labels/{token})'), createdBy: z.string(), createdAt: instant,
});

/** A ledger movement as stored. */
export const movementSchema = z.object({
  regionCode: z.string(), id: z.number(), organisationId: z.string(), batchId: z.string().nullable(), kind: z.enum(LEDGER_KINDS), wasteCode: z.string(),
  quantityT: z.number().describe('a correction carries the signed difference'), storeEffect: z.number().describe('+1 into store, -1 out of it, 0 neither'),
  manifestId: z.string().nullable(), treatmentMethod: z.string().nullable(), storageFacility: z.string(), at: instant, correctionOf: z.number().nullable(),
  note: z.string(), recordedBy: z.string(), recordedAt: instant,
});
export const movementPage = pageSchema(movementSchema);

/** Batches with something in store, oldest first, against their limit (a year; the region's hours for medical waste). */
export const storePage = pageSchema(z.object({
  id: z.string(), batchNo: z.string(), organisationId: z.string(), organisationName: z.string(), wasteCode: z.string(), internalName: z.string(), physicalForm: z.string(),
  containerType: z.string(), containerCount: z.number(), storageFacility: z.string(), generatedAt: instant, quantityT: z.number(), inStoreT: z.number(), attributes: batchAttributes,
  daysInStore: z.number(), hoursInStore: z.number(), limitHours: z.number(), originManifestId: z.string().nullable(), originProducerName: z.string().nullable(),
  daysLeft: z.number(), hoursLeft: z.number(), overdue: z.boolean(),
}));

/** A batch with its producer and movements, what it holds, and its label size (HJ 1276). */
export const batchDetailSchema = batchSchema.extend({
  producer: z.object({ name: z.string(), contactName: z.string(), contactPhone: z.string(), address: z.string() }).optional(),
  movements: z.array(movementSchema), inStoreT: z.number(), labelSizeMm: z.union([z.literal(100), z.literal(150), z.literal(200)]), mine: z.boolean(),
});

export const industrialReceiverPage = pageSchema(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), industry: z.string().nullable(), capabilities: z.array(z.string()) }));
