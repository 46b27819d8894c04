import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { BOOKING_STATUS_VALUES, SLOT_VALUES } from '../../domain/recycling-bookings';

// What leaves the server about booked pickups: a booking with its items, what the collector recorded
// and who serves it (the resident's login id never leaves), the collectors (ID number masked), the
// price lists, the collector's day, and the bureau's service-level figures.

const when = instant.nullable();
const item = z.object({ category: z.string(), applianceType: z.string(), estimatedKg: z.number().nullable(), estimatedCount: z.number().nullable() });
const unit = z.object({ applianceType: z.string(), brand: z.string(), serial: z.string(), weightKg: z.number() });
const line = z.object({ category: z.string(), weightKg: z.number(), itemCount: z.number().nullable(), unit: vocabularyText(['kg', 'piece']), unitPriceYuan: z.number(), amountYuan: z.number(), units: z.array(unit) });

export const booking = z.object({
  id: z.string(), bookingNo: z.string().describe('预约单号'), regionCode: z.string(), regionName: z.string().nullable(), placeId: z.string(), placeName: z.string(), address: z.string(), contactPhone: z.string(),
  slotDate: calendarDay, slot: vocabularyText(SLOT_VALUES), slotStart: instant, payment: vocabularyText(['cash', 'points']), photos: z.array(z.string()).describe('photo names'), note: z.string(),
  status: vocabularyText(BOOKING_STATUS_VALUES), companyId: z.string().nullable(), companyName: z.string().nullable(), offeredAt: instant, passCount: z.number().describe('companies that let it time out'),
  acceptedAt: when, collectorId: z.string().nullable(), collectorName: z.string().nullable(), collectorPhone: z.string().nullable(), collectorFilingNo: z.string().nullable().describe('备案编号'),
  dispatchedAt: when, onWayAt: when, arrivedAt: when, recordedAt: when, stationId: z.string().nullable(), stationName: z.string().nullable(), amountYuan: z.number().nullable(), points: z.number().nullable(),
  confirmedAt: when, cancelledAt: when, cancelReason: z.string().nullable(), escalatedAt: when, stars: z.number().nullable(), ratingComment: z.string().nullable(), ratedAt: when, createdAt: instant,
  items: z.array(item), lines: z.array(line),
});
export const bookingPage = pageSchema(booking);

export const visits = z.object({
  collector: z.object({ id: z.string(), name: z.string() }), day: calendarDay,
  items: z.array(booking.extend({ stations: z.array(z.object({ id: z.string(), name: z.string() })).describe('the company’s stations serving the community') })),
  total: z.number(), page: z.number(), pageSize: z.number(),
  prices: z.array(z.object({ category: z.string(), applianceType: z.string(), unit: z.string(), priceYuan: z.number() })),
});

const price = z.object({ category: z.string(), applianceType: z.string(), unit: vocabularyText(['kg', 'piece']), priceYuan: z.number() });
export const priceList = z.object({ companyId: z.string(), companyName: z.string(), listId: z.string().nullable(), effectiveFrom: calendarDay.nullable(), publishedAt: when, prices: z.array(price) });
export const priceListPage = pageSchema(z.object({ id: z.string(), companyId: z.string(), companyName: z.string(), effectiveFrom: calendarDay, note: z.string(), publishedAt: instant, inForce: z.boolean(), prices: z.array(price) }));
export const placePrices = z.object({ placeId: z.string(), placeName: z.string(), companies: z.array(priceList) });

export const placeChoices = pageSchema(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string().nullable(), served: z.boolean(), mine: z.boolean() }))
  .extend({ household: z.object({ placeId: z.string(), address: z.string() }).nullable() });

export const collector = z.object({
  id: z.string(), companyId: z.string(), companyName: z.string(), name: z.string(), phone: z.string(), idNo: z.string().describe('masked: the first and last four characters'), filingNo: z.string().describe('备案编号'),
  username: z.string().nullable(), active: z.boolean(), registeredAt: instant, doneCount: z.number(), averageStars: z.number().nullable(),
});
export const collectorPage = pageSchema(collector);

const figures = z.object({
  bookings: z.number(), done: z.number(), cancelled: z.number(), accepted: z.number(), acceptedInTime: z.number(), offered: z.number().describe('bookings not cancelled before acceptance'),
  passedOn: z.number(), escalated: z.number(), medianAcceptMinutes: z.number().nullable(), medianCompleteHours: z.number().nullable(), ratings: z.number(), averageStars: z.number().nullable(),
  acceptedInTimePct: z.number().nullable().describe('accepted by the first company within the set time, of the bookings offered'),
});
export const serviceLevelSchema = z.object({
  regionCode: z.string().nullable(), from: calendarDay, to: calendarDay, acceptMinutes: z.number(), total: figures,
  companies: z.array(figures.extend({ companyId: z.string(), companyName: z.string() })),
});
