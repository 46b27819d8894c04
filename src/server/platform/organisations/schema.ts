import { pgTable, text, uuid, timestamp, doublePrecision, numeric, date, boolean, index, uniqueIndex, check, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { regions } from '../regions/schema';

// Enterprises and government departments. Every record belongs to a region and is scoped by it.
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['enterprise', 'government'] }).notNull(),
  name: text('name').notNull(),
  creditCode: text('credit_code').notNull(),
  regionCode: text('region_code').notNull().references(() => regions.code),
  capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
  // Government departments regulate one domain (ecology, housing, …); null for enterprises.
  domain: text('domain'),
  industry: text('industry'),
  address: text('address').notNull().default(''),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  contactName: text('contact_name').notNull().default(''),
  contactPhone: text('contact_phone').notNull().default(''),
  status: text('status', { enum: ['pending', 'verified', 'rejected'] }).notNull().default('pending'),
  rejectionReason: text('rejection_reason'),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('organisations_credit_code_uq').on(t.creditCode),
  index('organisations_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  index('organisations_status_idx').on(t.status, t.regionCode),
  index('organisations_capabilities_idx').using('gin', t.capabilities),
  index('organisations_name_idx').on(t.name),
]);

// 经营许可证 of a receiver: which codes it may take and how much a year. A record is never edited or
// deleted: a licence ends (注销、吊销: ended_on, from which day it no longer counts, and a reason), and a
// correction (更正) is a new record that names the one it supersedes, which ends as the correction
// takes over. `active` stays false once a licence is ended, for the readers that ask "held now?".
export const licences = pgTable('licences', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  number: text('number').notNull(),
  validFrom: date('valid_from').notNull(),
  validTo: date('valid_to').notNull(),
  wasteCodes: text('waste_codes').array().notNull(),
  annualCapacityT: numeric('annual_capacity_t', { precision: 14, scale: 3, mode: 'number' }).notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The first day on which the licence no longer counts. */
  endedOn: date('ended_on'),
  endReason: text('end_reason'),
  endedBy: uuid('ended_by'),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  supersedesId: uuid('supersedes_id').references((): AnyPgColumn => licences.id),
}, (t) => [
  index('licences_org_idx').on(t.organisationId),
  // One record in force per number: an ended or superseded record keeps its number in the history.
  uniqueIndex('licences_number_current_uq').on(t.number).where(sql`${t.endedOn} IS NULL`),
  // A record is superseded at most once.
  uniqueIndex('licences_supersedes_uq').on(t.supersedesId),
  index('licences_codes_idx').using('gin', t.wasteCodes),
  // The smallest capacity numeric(14, 3) keeps is 0.001 t: a smaller figure would be stored as 0. A
  // record ended since may keep the 0 it was stored with before this check existed.
  check('licences_capacity_positive', sql`${t.annualCapacityT} > 0 OR ${t.endedOn} IS NOT NULL`),
]);

export const vehicles = pgTable('vehicles', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  plate: text('plate').notNull(),
  vehicleType: text('vehicle_type').notNull(),
  loadT: numeric('load_t', { precision: 10, scale: 3, mode: 'number' }).notNull(),
  // 道路危险货物运输许可 / 道路运输证 number, required to carry hazardous waste.
  dgPermitNo: text('dg_permit_no'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('vehicles_org_idx').on(t.organisationId),
  uniqueIndex('vehicles_plate_uq').on(t.plate),
]);

export const drivers = pgTable('drivers', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  licenceNo: text('licence_no').notNull(),
  // 危险货物运输从业资格证
  qualificationNo: text('qualification_no'),
  userId: uuid('user_id'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('drivers_org_idx').on(t.organisationId),
  uniqueIndex('drivers_user_uq').on(t.userId),
]);
