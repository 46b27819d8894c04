import { z } from 'zod';
import { calendarDay, calendarMonth, instant, itemsOf } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about the exchange board (工业固体废物交易信息平台, 再生产品供求信息): listings,
// messages, deals. A listing's contact name and phone are null until the reader may see them.

const kind = z.enum(['offer', 'demand']);
const category = z.enum(['waste', 'product']);

/** A listing as stored (what its owner gets back on posting or closing). */
export const listingSchema = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), kind, category, wasteClass: z.string().describe('an SW class, or a product kind'), title: z.string(),
  quantityT: z.number().describe('the quantity, in `unit`'), unit: z.string(), priceYuan: z.number().nullable(), frequency: z.string(), place: z.string(),
  longitude: z.number().nullable(), latitude: z.number().nullable(), composition: z.string(), contactName: z.string(), contactPhone: z.string(),
  validUntil: calendarDay.nullable(), status: z.enum(['open', 'closed']), createdBy: z.string(), createdAt: instant, closedAt: instant.nullable(),
});

/** A listing as the board shows it to the reader. */
export const boardListing = z.object({
  id: z.string(), kind, category, wasteClass: z.string(), className: z.string().describe('the class’s catalogue name, or the product kind'), title: z.string(),
  quantity: z.number(), unit: z.string(), priceYuan: z.number().nullable(), frequency: z.string(), place: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(),
  composition: z.string(), validUntil: calendarDay.nullable(), status: z.enum(['open', 'closed']), state: z.enum(['open', 'closed', 'expired']),
  regionCode: z.string(), organisationId: z.string(), organisationName: z.string(), createdAt: instant, closedAt: instant.nullable(),
  mine: z.boolean(), contactShown: z.boolean(), contactName: z.string().nullable(), contactPhone: z.string().nullable(),
});
export const boardPage = pageSchema(boardListing);
export const listingDetailSchema = boardListing.extend({
  can: z.object({ close: z.boolean(), contact: z.boolean(), reply: z.boolean(), recordDeal: z.boolean() }).describe('what the reader may do with it'),
});
export const matchPage = pageSchema(boardListing.extend({ distanceKm: z.number().nullable().describe('great-circle km; null without coordinates') }))
  .extend({ from: z.object({ longitude: z.number().nullable(), latitude: z.number().nullable() }) });

/** A message as stored. */
export const contactSchema = z.object({
  id: z.string(), listingId: z.string(), fromOrganisationId: z.string(), fromListingId: z.string().nullable(), message: z.string(), reply: z.string().nullable(),
  createdBy: z.string(), createdAt: instant, repliedAt: instant.nullable(),
});
/** A message with the writer's contact and the listing it is about. */
export const contactItem = contactSchema.omit({ createdBy: true }).extend({
  fromOrganisationName: z.string(), fromContactName: z.string().nullable(), fromContactPhone: z.string().nullable(), sentBy: z.string().nullable(),
  listingTitle: z.string(), listingKind: kind, listingClass: z.string(), listingOrganisationId: z.string(), listingOrganisationName: z.string(),
});
export const contactPage = pageSchema(contactItem);
export const inboxPage = contactPage.extend({ unanswered: z.number() });
export const counterpartiesSchema = itemsOf(z.object({ id: z.string(), name: z.string() }));

/** A deal as stored. */
export const dealSchema = z.object({
  id: z.string(), regionCode: z.string(), supplierId: z.string(), buyerId: z.string(), offerListingId: z.string().nullable(), demandListingId: z.string().nullable(),
  wasteClass: z.string(), quantityT: z.number(), agreedOn: calendarDay, manifestId: z.string().nullable(), note: z.string(), recordedBy: z.string(), createdAt: instant,
});
export const dealPage = pageSchema(z.object({
  id: z.string(), supplierId: z.string(), supplierName: z.string(), buyerId: z.string(), buyerName: z.string(), wasteClass: z.string(), className: z.string(), category,
  quantity: z.number(), unit: z.string(), agreedOn: calendarDay, manifestId: z.string().nullable(), manifestNumber: z.string().nullable(), note: z.string(), regionCode: z.string(), createdAt: instant,
}));
export const dealTotalsSchema = z.object({
  byClass: z.array(z.object({ wasteClass: z.string(), className: z.string(), category, unit: z.string(), deals: z.number(), quantity: z.number() })),
  byMonth: z.array(z.object({ month: calendarMonth, deals: z.number(), tonnes: z.number().describe('of the deals counted in tonnes') })),
  deals: z.number(), tonnes: z.number(),
});

/** 再生产品供求信息 for anyone: no contact person or phone. */
export const publicProductPage = pageSchema(z.object({
  id: z.string(), kind, product: z.string(), title: z.string(), quantity: z.number(), unit: z.string(), priceYuan: z.number().nullable(), frequency: z.string(), place: z.string(),
  composition: z.string(), validUntil: calendarDay.nullable(), createdAt: instant, organisationName: z.string(), regionCode: z.string(),
}));
export const publicProductKindsSchema = itemsOf(z.object({ product: z.string(), listings: z.number() }));
