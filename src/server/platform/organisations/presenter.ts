import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../../http/presenter';
import { CAPABILITIES, DOMAINS, ORG_KINDS, ORG_STATUSES } from '../../../domain/enums';

// What leaves the server about an organisation and what it holds (licences, vehicles, drivers).

/** An organisation as stored. */
export const organisationSchema = z.object({
  id: z.string(), kind: z.enum(ORG_KINDS.values), name: z.string(), creditCode: z.string(), regionCode: z.string(),
  capabilities: z.array(vocabularyText(CAPABILITIES.values)), domain: vocabularyText(DOMAINS.values).nullable().describe('the domain a department regulates; null for an enterprise'),
  industry: z.string().nullable(), address: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(),
  contactName: z.string(), contactPhone: z.string(), status: z.enum(ORG_STATUSES.values), rejectionReason: z.string().nullable(),
  reviewedBy: z.string().nullable(), reviewedAt: instant.nullable(), createdAt: instant, updatedAt: instant,
});

/** A row of the organisation list. */
export const organisationListItem = organisationSchema.pick({
  id: true, name: true, kind: true, creditCode: true, regionCode: true, capabilities: true, domain: true, status: true, contactName: true, contactPhone: true, createdAt: true,
}).extend({ regionName: z.string() });

/** 经营许可证 as stored: never edited, it ends (endedOn) or a correction supersedes it (supersedesId). */
export const licenceSchema = z.object({
  id: z.string(), organisationId: z.string(), number: z.string(), validFrom: calendarDay, validTo: calendarDay,
  wasteCodes: z.array(z.string()).describe('codes (900-249-08) or categories (HW08)'), annualCapacityT: z.number(), active: z.boolean(),
  createdBy: z.string().nullable(), createdAt: instant, endedOn: calendarDay.nullable().describe('the first day it no longer counts'),
  endReason: z.string().nullable(), endedBy: z.string().nullable(), endedAt: instant.nullable(), supersedesId: z.string().nullable(),
});

/** A licence in the organisation's record: its state today and what happened to it. */
export const licenceRecord = licenceSchema.extend({
  state: z.enum(['valid', 'upcoming', 'expired', 'ended', 'superseded']),
  supersededById: z.string().nullable(),
  history: z.array(z.object({
    event: z.enum(['added', 'corrected', 'ended', 'superseded']), at: instant, by: z.string().nullable().describe('who, by display name'),
    on: calendarDay.nullable().describe('the day an end counts from'), reason: z.string().nullable(), licenceNo: z.string().nullable().describe('the number of the record corrected or correcting'),
  })),
});

export const vehicleSchema = z.object({
  id: z.string(), organisationId: z.string(), plate: z.string(), vehicleType: z.string(), loadT: z.number(),
  dgPermitNo: z.string().nullable().describe('道路危险货物运输许可 number'), active: z.boolean(), createdAt: instant,
});

export const driverSchema = z.object({
  id: z.string(), organisationId: z.string(), name: z.string(), phone: z.string(), licenceNo: z.string(),
  qualificationNo: z.string().nullable().describe('危险货物运输从业资格证'), userId: z.string().nullable(), active: z.boolean(), createdAt: instant,
});

/** An organisation with its licences, vehicles and drivers, and what the caller may do with it. */
export const organisationDetailSchema = organisationSchema.extend({
  regionName: z.string(),
  licences: z.array(licenceRecord),
  vehicles: z.array(vehicleSchema),
  drivers: z.array(driverSchema.pick({ id: true, name: true, phone: true, licenceNo: true, qualificationNo: true, active: true }).extend({ username: z.string().nullable() })),
  permissions: z.array(vocabularyText(['update', 'verify', 'manage', 'resubmit'])).describe('what the caller may do with the organisation'),
  licencePermissions: z.array(vocabularyText(['correct', 'end'])).describe('what the caller may do with a licence still in force'),
});
