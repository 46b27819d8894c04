import { z } from 'zod';
import { bilingual, calendarDay, freeRecord, instant, labelled, replayableInstant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about manifests (联单). A manifest's own fields live in `data`, whose keys
// are the stream's rule table (GET /api/manifests/rules/{stream}): that map is free by design. A
// manifest answered by a create or a signature may be an Idempotency-Key replay, so its moments are
// declared as replayable (ISO 8601 either way).

const party = z.enum(['producer', 'transporter', 'receiver']);
const step = z.enum(['emission', 'transport', 'handover', 'reception']);
const action = z.enum(['sign_emission', 'sign_transport', 'sign_handover', 'sign_reception', 'cancel']);
const status = z.string().describe('draft, signed_by_producer, in_transit, received, partially_refused, refused, cancelled');

/** A manifest as stored. */
export const manifestSchema = z.object({
  regionCode: z.string(), id: z.string(), number: z.string().describe('14 digits: year, region, serial'), stream: z.string(), status,
  producerId: z.string(), transporterIds: z.array(z.string()).describe('in leg order'), receiverId: z.string(), receiverRegionCode: z.string(),
  wasteCode: z.string(), declaredWeightT: z.number(), receivedWeightT: z.number().nullable(), plannedDate: calendarDay,
  data: freeRecord.describe('the manifest’s fields, keyed as in the stream’s rule table'),
  discrepancies: z.array(z.unknown()).describe('differences found at reception: {kind: weight|name|form|packaging, expected, actual, ratio?}'),
  paper: z.boolean().describe('entered afterwards from a paper manifest'), receiptDueAt: replayableInstant.nullable(), version: z.number(),
  createdBy: z.string(), createdAt: replayableInstant, updatedAt: replayableInstant,
});

/** A row of the manifest list. */
export const manifestListItem = z.object({
  id: z.string(), number: z.string(), stream: z.string(), status, wasteCode: z.string(), wasteName: z.string().nullable(),
  declaredWeightT: z.number(), receivedWeightT: z.number().nullable(), plannedDate: calendarDay, producerName: z.string(), receiverName: z.string(),
  paper: z.boolean(), receiptDueAt: instant.nullable(), hasDiscrepancy: z.boolean(), createdAt: instant,
});
export const manifestPage = pageSchema(manifestListItem);

export const revisionSchema = z.object({
  id: z.string(), manifestId: z.string(), requestedBy: z.string(), requestedByOrg: z.string(), changes: freeRecord.describe('the fields to change, with their new values'),
  reason: z.string(), status: z.enum(['pending', 'approved', 'refused']), approvalsNeeded: z.array(z.string()), approvedBy: z.array(z.string()),
  decidedAt: instant.nullable(), createdAt: instant,
});

/** A manifest with its parties, signatures, events, batches and revisions, and whose turn it is. */
export const manifestDetailSchema = manifestSchema.extend({
  createdAt: instant, updatedAt: instant, receiptDueAt: instant.nullable(),
  signatures: z.array(z.object({
    manifestId: z.string(), step: vocabularyText(step.options), leg: z.number(), organisationId: z.string(), userId: z.string(), at: instant, place: z.string(),
    longitude: z.number().nullable(), latitude: z.number().nullable(), weightT: z.number().nullable(), dataHash: z.string().describe('SHA-256 of the data as signed'),
    photos: z.array(z.string()).describe('photos taken with the signature: GET /api/manifests/{id}/photos/{name}'),
  })),
  events: z.array(z.object({ id: z.number(), manifestId: z.string(), kind: z.string(), organisationId: z.string().nullable(), userId: z.string().nullable(), at: instant, payload: z.unknown().describe('what the event records; depends on its kind') })),
  batches: z.array(z.object({ id: z.string(), batchNo: z.string(), quantityT: z.number(), containerType: z.string(), containerCount: z.number() })),
  revisions: z.array(revisionSchema),
  parties: z.record(z.string(), z.object({ id: z.string(), name: z.string(), creditCode: z.string(), address: z.string(), contactName: z.string(), contactPhone: z.string() })).describe('by organisation id'),
  turn: z.object({ action, step, party, organisationId: z.string(), leg: z.number() }).nullable().describe('the signature due next; null once final'),
  myParties: z.array(party).describe('what the caller’s organisation is on this manifest'),
  canSign: z.boolean(),
  actions: z.object({ sign: z.boolean(), cancel: z.boolean().describe('the producer, before pickup'), revise: z.boolean().describe('a party, once signed; never a driver') }).describe('what the caller may do with this manifest now'),
  sealed: z.array(z.string()).describe('fields that can no longer be edited, only revised'),
});

export const manifestPhotoStored = z.object({ name: z.string().describe('the name a signature’s photos list carries'), mime: z.string(), bytes: z.number().describe('after metadata removal') });

/** A stream's rule table: who fills each field, from which signature it is required and sealed. */
export const ruleTableSchema = z.object({
  stream: z.string(), label: bilingual, weightTolerance: z.number(), receiptWorkingDays: z.number(), paperEntryWorkingDays: z.number(), steps: z.array(step),
  fields: z.array(z.object({
    field: z.string(), label: bilingual, kind: z.enum(['text', 'number', 'weight', 'date', 'datetime', 'code', 'ref', 'list', 'boolean']), owner: party,
    requiredFrom: step.nullable(), conditional: z.boolean().describe('required only in some cases (a refusal reason when refusing)'), sealedFrom: step,
    options: z.array(labelled).nullable(), pattern: z.string().nullable().describe('a regular expression'), range: z.object({ min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional() }).nullable(),
    fixedFrom: bilingual.nullable().describe('set by the platform from the load, never edited'),
  })),
  loadSource: z.enum(['batches', 'project', 'contract', 'farm', 'report']).describe('where a load comes from: batches out of the producer’s store, a project, or a pickup under the producer’s collection contract'),
  receivers: z.enum(['licensed', 'verified', 'sites']).describe('who may take a load: companies licensed for the code with capacity left (GET /api/manifests/receivers), verified receivers and recyclers, or the operator of a site of the approved plan'),
  producers: z.array(z.string()).describe('capabilities of the companies that send the stream'),
  batchFields: z.array(z.object({ field: z.string(), label: bilingual, kind: z.string(), required: z.boolean(), range: z.object({ min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional() }).nullable(), options: z.array(labelled).nullable() }))
    .describe('what a batch of the stream records beyond the common columns (POST /api/ledger/batches attributes)'),
  create: z.object({ type: z.literal('object'), properties: z.record(z.string(), z.object({}).passthrough()), required: z.array(z.string()).optional() }).passthrough()
    .describe('the JSON Schema of the body POST /api/manifests takes for the stream (besides "stream")'),
});

/** The registry as a client sees it: each stream and what differs. */
export const streamListSchema = z.object({
  items: z.array(z.object({
    key: z.string(), label: bilingual, catalogue: z.string(), codeExample: z.string(), categoryPrefix: z.string(), batchPrefix: z.string().nullable(), bulkStore: z.boolean(),
    loadSource: z.enum(['batches', 'project', 'contract', 'farm', 'report']), receivers: z.enum(['licensed', 'verified', 'sites']).describe('who may take a load: companies licensed for the code with capacity left (GET /api/manifests/receivers), verified receivers and recyclers, or the operator of a site of the approved plan'), producers: z.array(z.string()), regulators: z.array(z.object({ domain: z.string(), codePrefix: z.string().optional() })), declares: z.boolean(),
  })),
});

export const licensedReceiverSchema = z.object({
  id: z.string(), name: z.string(), regionCode: z.string(), licenceNo: z.string(), capacity: z.number().describe('tonnes a year, as licensed'), remainingT: z.number().describe('left this year'),
});

export const transporterChoicePage = pageSchema(z.object({
  id: z.string(), name: z.string(), regionCode: z.string(),
  vehicles: z.array(z.object({ id: z.string(), organisationId: z.string(), plate: z.string(), vehicleType: z.string(), loadT: z.number(), dgPermitNo: z.string().nullable() })),
  drivers: z.array(z.object({ id: z.string(), organisationId: z.string(), name: z.string(), hasAccount: z.boolean() })),
}));
