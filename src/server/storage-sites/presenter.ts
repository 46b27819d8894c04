import { z } from 'zod';
import { calendarDay, instant, pgTimestamp } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about the bulk storage sites (大宗工业固体废物堆存场所) with their stock and
// rectifications.

const siteKind = z.enum(['storage', 'landfill']);
const siteStatus = z.enum(['in_use', 'closed']);
const rectificationStatus = z.enum(['open', 'reported', 'verified']);

/** A site as stored (what registering and closing answer). */
export const bulkSiteSchema = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string().nullable().describe('null for a legacy site nobody runs'), name: z.string(), kind: siteKind,
  wasteClasses: z.array(z.string()), address: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(), areaM2: z.number().nullable(),
  designCapacityT: z.number(), builtYear: z.number().nullable(), controls: z.string(), legacy: z.enum(['no', 'yes']), status: siteStatus, createdBy: z.string(), createdAt: instant,
});

/**
 * A site in the register: latest stock, fill, rectifications outstanding, and what the caller may do.
 * Read by db.execute, so createdAt is PostgreSQL's text ("2025-03-01 08:00:00.123+08").
 */
export const bulkSiteRow = z.object({
  id: z.string(), name: z.string(), kind: siteKind, wasteClasses: z.array(z.string()), regionCode: z.string(), regionName: z.string().nullable(),
  organisationId: z.string().nullable(), operator: z.string().nullable(), address: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(),
  areaM2: z.number().nullable(), designCapacityT: z.number(), builtYear: z.number().nullable(), controls: z.string(), legacy: z.enum(['no', 'yes']), status: siteStatus,
  createdAt: pgTimestamp, stockT: z.number().nullable(), stockAsOf: calendarDay.nullable(), openRectifications: z.number(), overdueRectifications: z.number(),
  fillPct: z.number().nullable(), overCapacity: z.boolean(), overdue: z.boolean(),
  actions: z.object({ recordStock: z.boolean(), openRectification: z.boolean(), report: z.boolean(), verify: z.boolean(), close: z.boolean() }),
});
export const bulkSitePage = pageSchema(bulkSiteRow);

/** A rectification as stored, and whether it is past its deadline. */
export const rectificationSchema = z.object({
  id: z.string(), siteId: z.string(), problem: z.string(), foundOn: calendarDay, deadline: calendarDay, status: rectificationStatus, action: z.string().describe('what the operator reports it did'),
  reportedAt: instant.nullable(), verifiedBy: z.string().nullable(), verifiedAt: instant.nullable(), createdBy: z.string(), createdAt: instant, overdue: z.boolean(),
});

/** A stock reading as stored, with its fill against the design capacity. */
export const stockReadingSchema = z.object({
  id: z.string(), siteId: z.string(), asOf: calendarDay, stockT: z.number(), inT: z.number(), outT: z.number(), note: z.string(), recordedBy: z.string(), createdAt: instant,
  fillPct: z.number().nullable(), overCapacity: z.boolean(),
});

export const bulkSiteDetailSchema = bulkSiteRow.extend({
  stock: pageSchema(z.object({
    id: z.string(), asOf: calendarDay, stockT: z.number(), inT: z.number(), outT: z.number(), note: z.string(), createdAt: instant, recordedBy: z.string().nullable().describe('display name'),
    fillPct: z.number().nullable(), overCapacity: z.boolean(),
  })).describe('readings, newest first'),
  rectifications: pageSchema(rectificationSchema.extend({
    history: z.array(z.object({ action: z.string().describe('open, report, verify, return'), at: instant, by: z.string(), note: z.string() })),
  })),
});

/** 辖区汇总: sites, capacity and stock in use, rectifications outstanding and overdue. */
export const bulkAreaTotalsSchema = z.object({
  regionCode: z.string().nullable().describe('null: the whole platform'), sites: z.number(), inUse: z.number(), closed: z.number(), legacy: z.number(),
  designCapacityT: z.number(), stockT: z.number(), overCapacity: z.number(), fillPct: z.number().nullable(),
  rectifications: z.object({ open: z.number(), reported: z.number(), outstanding: z.number(), overdue: z.number(), verified: z.number() }),
  sitesWithRectification: z.number(), sitesRectified: z.number(),
});
