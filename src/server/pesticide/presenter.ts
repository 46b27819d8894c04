import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { DESTINATION_KINDS, PACKAGE_MATERIAL_VALUES, PACKAGE_TYPE_VALUES } from '../../domain/agri/pesticide';

// What leaves the server about pesticide packaging: the dealers' books, the stations' receipts, the
// register of designated utilisers, where a load may go, the loads with how each is managed, and
// the recovery rate by town.

const packageType = vocabularyText(PACKAGE_TYPE_VALUES);
const counts = { bottleCount: z.number(), bagCount: z.number(), drumCount: z.number() };

export const sale = z.object({
  id: z.string(), regionCode: z.string(), dealerId: z.string(), dealerName: z.string(), soldOn: calendarDay, productName: z.string(), registrationNo: z.string().describe('农药登记证号'),
  activeIngredient: z.string(), contentPct: z.number(), packageType, packageMaterial: vocabularyText(PACKAGE_MATERIAL_VALUES), packageSize: z.string(), packageCount: z.number(),
  productKg: z.number(), packageWeightG: z.number().describe('one empty package, g'), depositYuan: z.number().nullable(),
});
export const saleCreated = sale.extend({ packageCodes: z.array(z.string()) });
export const salePage = pageSchema(sale.extend({ codes: z.number().describe('deposit-refund codes recorded') }));

const returnRow = z.object({
  id: z.string(), regionCode: z.string(), dealerId: z.string(), dealerName: z.string(), returnedOn: calendarDay, returnedBy: z.string(), ...counts,
  weightKg: z.number(), refundYuan: z.number(),
});
export const returnCreated = returnRow.extend({ packageCodes: z.array(z.string()) });
export const returnPage = pageSchema(returnRow.extend({ codes: z.array(z.string()).describe('deposit-refund codes scanned') }));

const receipt = z.object({
  id: z.string(), regionCode: z.string(), receiptNo: z.string(), stationId: z.string(), stationName: z.string(), receivedOn: calendarDay, sourceKind: vocabularyText(['dealer', 'farmer']),
  dealerId: z.string().nullable(), dealerName: z.string().nullable(), farmerName: z.string(), ...counts, weightKg: z.number(), batchId: z.string().nullable(), recordedAt: instant,
});
export const receiptCreated = receipt.extend({ batchNo: z.string() });
export const receiptPage = pageSchema(receipt);

export const utiliserDecision = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), organisationName: z.string(), action: vocabularyText(['designate', 'revoke']), decisionNo: z.string(), note: z.string(),
  recordedAt: instant, inForce: z.boolean(),
});
export const utiliserPage = pageSchema(z.object({ id: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), decisionNo: z.string(), note: z.string(), recordedAt: instant }));

export const destinationList = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), kind: vocabularyText(DESTINATION_KINDS.map((d) => d.value)), managedAs: vocabularyText(['exempt', 'hazardous']) })),
});

export const dealerPage = pageSchema(z.object({
  id: z.string(), name: z.string(), regionCode: z.string(), sold: z.number().describe('packages sold in the year'), productKg: z.number(),
  returned: z.number().describe('packages taken back in the year'), handedOver: z.number().describe('packages handed to a station in the year'),
}));

export const recoveryTable = z.object({
  year: z.number(),
  items: z.array(z.object({
    town: z.string(), name: z.string().nullable(), sold: z.number(), soldKg: z.number(), received: z.number(), receivedKg: z.number(),
    rateByCount: z.number().nullable().describe('%'), rateByWeight: z.number().nullable().describe('%'),
  })),
  total: z.object({ sold: z.number(), soldKg: z.number(), received: z.number(), receivedKg: z.number(), rateByCount: z.number().nullable(), rateByWeight: z.number().nullable() }),
});

export const loadPage = pageSchema(z.object({
  id: z.string(), number: z.string(), status: z.string(), plannedDate: calendarDay, stationId: z.string(), stationName: z.string(), receiverId: z.string(), receiverName: z.string(),
  managedAs: vocabularyText(['exempt', 'hazardous']).nullable(), destinationKind: z.string().nullable(), breaches: z.array(z.string()).describe('exemption conditions broken: collection, transport, destination'),
  packageCount: z.number().nullable(), declaredWeightT: z.number(), receivedWeightT: z.number().nullable(), treatmentMethod: z.string().nullable(),
}));
