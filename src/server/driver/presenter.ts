import { z } from 'zod';
import { bilingual, calendarDay } from '../http/presenter';

// What the driver's phone gets about a load (GET /api/driver/loads): enough to show and sign it offline.
const place = z.object({ name: z.string(), address: z.string() });
export const driverLoad = z.object({
  id: z.string(), number: z.string(), stream: z.string(), streamLabel: bilingual, status: z.string(), wasteCode: z.string(), wasteName: z.string(),
  declaredWeightT: z.number(), plannedDate: calendarDay, vehiclePlate: z.string().nullable(),
  origin: place.describe('the producer: where the load is picked up'), destination: place.describe('the receiver: where it goes'),
  batches: z.array(z.object({ batchNo: z.string(), labelToken: z.string().describe('what the containers’ label QR codes carry (…/scan/<token>)'), containerType: z.string(), containerCount: z.number(), quantityT: z.number(), name: z.string() })),
  containerCount: z.number().nullable(),
  turn: z.object({ action: z.string(), step: z.string(), party: z.string() }).nullable().describe('the signature due next, whoever signs it; null once final'),
  next: z.object({
    action: z.enum(['sign_transport', 'sign_handover']), step: z.string(), leg: z.number(),
    fields: z.array(z.object({ field: z.string(), label: bilingual, kind: z.string(), value: z.union([z.string(), z.number()]).describe('prefilled from the manifest') })),
  }).nullable().describe('what this driver signs next; null when it is not his turn'),
});
export const driverLoadPage = z.object({
  driver: z.object({ id: z.string(), name: z.string() }).nullable().describe('the driver record linked to the account; null when the company linked none'),
  items: z.array(driverLoad), total: z.number(), page: z.number(), pageSize: z.number(),
});
