import { pgTable, text, uuid, timestamp, date, jsonb, numeric, boolean, index } from 'drizzle-orm/pg-core';

// Registers the indicator formulas count (see indicators/formulas): credentials an organisation holds,
// industrial parks, 无废细胞 and 规范化管理抽查. A record is never deleted: it ends with a day and a reason.

/**
 * 清洁生产审核 (评估通过), 绿色工厂 (with its level), 无废工厂, 环境污染责任保险 of an organisation: what, from when, until
 * when, by which certificate or policy, with evidence.
 */
export const organisationCredentials = pgTable('organisation_credentials', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  regionCode: text('region_code').notNull(),
  kind: text('kind', { enum: ['clean_production_audit', 'green_factory', 'zero_waste_factory', 'pollution_insurance'] }).notNull(),
  level: text('level', { enum: ['national', 'provincial', 'municipal'] }),
  reference: text('reference').notNull(),
  issuedOn: date('issued_on').notNull(),
  validUntil: date('valid_until'),
  evidence: jsonb('evidence').notNull().$type<{ name: string; note?: string }[]>().default([]),
  note: text('note').notNull().default(''),
  endedOn: date('ended_on'),
  endReason: text('end_reason'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('organisation_credentials_org_idx').on(t.organisationId, t.kind),
  index('organisation_credentials_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.kind),
]);

/** 工业园区 with the state of its 循环化改造 and 生态工业园区 work. */
export const industrialParks = pgTable('industrial_parks', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  name: text('name').notNull(),
  level: text('level', { enum: ['national', 'provincial', 'municipal', 'county'] }).notNull(),
  circularStatus: text('circular_status', { enum: ['none', 'in_progress', 'done'] }).notNull().default('none'),
  circularStartedOn: date('circular_started_on'),
  circularDoneOn: date('circular_done_on'),
  ecoPark: boolean('eco_park').notNull().default(false),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('industrial_parks_region_idx').using('btree', t.regionCode.op('text_pattern_ops'))]);

/** 无废城市细胞: a unit (机关, 学校, 饭店, 商场, 集贸市场, 社区, 村镇 …) named a zero-waste cell on a day. */
export const zeroWasteCells = pgTable('zero_waste_cells', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['agency', 'enterprise', 'school', 'hospital', 'restaurant', 'mall', 'market', 'community', 'village', 'scenic', 'other'] }).notNull(),
  organisationId: uuid('organisation_id'),
  namedOn: date('named_on').notNull(),
  namedBy: text('named_by').notNull().default(''),
  evidence: jsonb('evidence').notNull().$type<{ name: string; note?: string }[]>().default([]),
  endedOn: date('ended_on'),
  endReason: text('end_reason'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('zero_waste_cells_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.namedOn)]);

/** 危险废物规范化环境管理评估/抽查: one check of one unit on a day, passed or not, with its score and findings. */
export const complianceChecks = pgTable('compliance_checks', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  regionCode: text('region_code').notNull(),
  checkedOn: date('checked_on').notNull(),
  passed: boolean('passed').notNull(),
  score: numeric('score', { precision: 5, scale: 1, mode: 'number' }),
  findings: text('findings').notNull().default(''),
  checkedBy: uuid('checked_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('compliance_checks_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.checkedOn),
  index('compliance_checks_org_idx').on(t.organisationId),
]);
