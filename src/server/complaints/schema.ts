import { pgTable, text, uuid, timestamp, integer, date, index, uniqueIndex, check, bigserial, doublePrecision } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 信访投诉举报 (issue 18): a citizen's report with its place and photos, its steps (append-only: the
// latest decides the state kept on the report), the routing table the office edits (category ×
// region → department) and the office's working calendar (holidays) that deadlines skip.

export const complaints = pgTable('complaints', {
  id: uuid('id').primaryKey().defaultRandom(),
  complaintNo: text('complaint_no').notNull(),
  /** sha256 of the private follow code: the citizen holds the code, we only compare. */
  followCodeHash: text('follow_code_hash').notNull(),
  /** Open311's token for the request (public: it only finds the number). */
  publicToken: text('public_token').notNull(),
  category: text('category').notNull(),
  /** The county (6 digits) or town (9 digits) the place lies in. */
  regionCode: text('region_code').notNull(),
  /** The point picked on the map; null when only an address was typed. */
  lon: doublePrecision('lon'),
  lat: doublePrecision('lat'),
  address: text('address').notNull().default(''),
  description: text('description').notNull(),
  /** Names of the stored photos (EXIF stripped) under <dataDir>/photos. */
  photos: text('photos').array().notNull().default(sql`'{}'::text[]`),
  /** Never public: only the handling department sees these. */
  contactName: text('contact_name').notNull().default(''),
  contactPhone: text('contact_phone').notNull().default(''),
  reporterUserId: uuid('reporter_user_id'),
  source: text('source', { enum: ['web', 'open311', 'hotline'] }).notNull(),
  apiTokenId: uuid('api_token_id'),
  status: text('status').notNull(),
  /** The department domain answering for it; null: the zero-waste office itself. */
  domain: text('domain'),
  /** A town it was passed to (转办), if any. */
  assignedRegion: text('assigned_region'),
  duplicateOf: uuid('duplicate_of'),
  acceptDue: timestamp('accept_due', { withTimezone: true }).notNull(),
  closeDue: timestamp('close_due', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  answer: text('answer'),
  stars: integer('stars'),
  ratingComment: text('rating_comment'),
  ratedAt: timestamp('rated_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('complaints_no_uq').on(t.complaintNo),
  uniqueIndex('complaints_token_uq').on(t.publicToken),
  index('complaints_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.createdAt),
  index('complaints_queue_idx').on(t.domain, t.status, t.createdAt),
  index('complaints_category_idx').on(t.category, t.status),
  index('complaints_reporter_idx').on(t.reporterUserId, t.createdAt),
  index('complaints_place_idx').on(t.lat, t.lon),
  check('complaints_stars', sql`${t.stars} IS NULL OR ${t.stars} BETWEEN 1 AND 5`),
  check('complaints_lon', sql`${t.lon} BETWEEN -180 AND 180`),
  check('complaints_lat', sql`${t.lat} BETWEEN -90 AND 90`),
  check('complaints_place', sql`${t.lon} IS NOT NULL OR ${t.address} <> ''`),
]);

/** Every step of a report, by whom, with its reason or answer. Append-only. */
export const complaintSteps = pgTable('complaint_steps', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  complaintId: uuid('complaint_id').notNull().references(() => complaints.id),
  action: text('action').notNull(),
  status: text('status').notNull(),
  note: text('note').notNull().default(''),
  domain: text('domain'),
  userId: uuid('user_id'),
  /** Who, as shown to the citizen: a department's name, 'citizen', 'system'. */
  byLabel: text('by_label').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('complaint_steps_complaint_idx').on(t.complaintId, t.id)]);

/** Category × region → the department domain (null domain: the office itself). */
export const complaintRoutes = pgTable('complaint_routes', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  category: text('category').notNull(),
  domain: text('domain'),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('complaint_routes_uq').on(t.regionCode, t.category)]);

/** Superseded by work_calendar_days (migration 0045 copied its rows); kept so no office's data is dropped. */
export const complaintHolidays = pgTable('complaint_holidays', {
  regionCode: text('region_code').notNull(),
  day: date('day').notNull(),
  note: text('note').notNull().default(''),
}, (t) => [uniqueIndex('complaint_holidays_uq').on(t.regionCode, t.day)]);
