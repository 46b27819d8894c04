import { pgTable, text, uuid, timestamp, jsonb, date, index, uniqueIndex, integer, doublePrecision } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';
import type { Criterion, Finding } from '../../domain/cells';

// 无废细胞 (src/domain/cells.ts): an application to be named a zero-waste cell of a kind, made by an
// organisation for itself or by an official for a community or village, and its history of steps:
// submitted with the checklist's evidence, accepted, checked on site with scores, put on public
// notice (公示), named, returned, refused, or revoked (摘牌). The steps, the office's checklist
// versions, the public's objections and the department's answers are append-only.

export const cellApplications = pgTable('cell_applications', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  /** The applying organisation; null when an official applies for a community or village (onBehalfBy). */
  organisationId: uuid('organisation_id').references(() => organisations.id),
  /** The cell's name as it is named and shown in public: the organisation's, or the community's. */
  name: text('name').notNull().default(''),
  /** The organisation's region when it first applied, or the community's town (a county or a town of it). */
  regionCode: text('region_code').notNull(),
  /** The official's organisation that applied for a community or village. */
  onBehalfBy: uuid('on_behalf_by').references(() => organisations.id),
  /** Where the cell is, for the public map: entered, or the organisation's when it applied. */
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cell_applications_org_kind_uq').on(t.organisationId, t.kind),
  uniqueIndex('cell_applications_behalf_uq').on(t.kind, t.regionCode, t.name).where(sql`organisation_id IS NULL`),
  index('cell_applications_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.kind),
]);

export interface CellCriterionAnswer { key: string; description: string; evidence: { name: string }[] }
export type CellStepData =
  /** 无废商场 applications before the kinds: items with attachments (shown as criteria with evidence). */
  | { items: { key: string; description: string; attachments: { name: string }[] }[] }
  | { checklistVersion: number; checklistId: string | null; criteria: CellCriterionAnswer[] }
  | { note: string }
  | { checkedOn: string; inspectors: string[]; findings: Finding[]; total?: number; passScore?: number; passed?: boolean }
  | { startOn: string; endOn: string; workingDays: number }
  | { decisionNo: string; decidedOn: string }
  | { reasons: string };

export const cellApplicationSteps = pgTable('cell_application_steps', {
  id: uuid('id').primaryKey().defaultRandom(),
  cellId: uuid('cell_id').notNull().references(() => cellApplications.id),
  step: text('step').notNull().$type<'submit' | 'accept' | 'check' | 'notice' | 'approve' | 'return' | 'refuse' | 'revoke'>(),
  data: jsonb('data').notNull().$type<CellStepData>(),
  /** The day a named cell was named (命名) or revoked, for the counts against the targets; null for other steps. */
  decidedOn: date('decided_on'),
  /** The register row (zero_waste_cells) an approval wrote or a revocation ended. */
  registerId: uuid('register_id'),
  organisationId: uuid('organisation_id').notNull(),
  byUser: uuid('by_user'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('cell_application_steps_cell_idx').on(t.cellId, t.at),
  index('cell_application_steps_named_idx').on(t.step, t.decidedOn),
  index('cell_application_steps_register_idx').on(t.registerId),
]);

/** The office's checklist of a kind for its area, versioned: an application keeps the version it was sent under. */
export const cellChecklists = pgTable('cell_checklists', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  regionCode: text('region_code').notNull(),
  version: integer('version').notNull(),
  passScore: integer('pass_score').notNull(),
  noticeDays: integer('notice_days').notNull(),
  criteria: jsonb('criteria').notNull().$type<Criterion[]>(),
  note: text('note').notNull().default(''),
  organisationId: uuid('organisation_id').notNull(),
  byUser: uuid('by_user').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('cell_checklists_version_uq').on(t.kind, t.regionCode, t.version)]);

/** 公示 objections: anyone, without an account; the contact stays in the console. */
export const cellObjections = pgTable('cell_objections', {
  id: uuid('id').primaryKey().defaultRandom(),
  cellId: uuid('cell_id').notNull().references(() => cellApplications.id),
  /** The notice step it was raised against. */
  noticeStepId: uuid('notice_step_id').notNull().references(() => cellApplicationSteps.id),
  reason: text('reason').notNull(),
  contact: text('contact'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('cell_objections_cell_idx').on(t.cellId, t.at)]);

/** The department's answer to an objection: upheld (the application is returned or refused with it) or dismissed. */
export const cellObjectionAnswers = pgTable('cell_objection_answers', {
  id: uuid('id').primaryKey().defaultRandom(),
  objectionId: uuid('objection_id').notNull().references(() => cellObjections.id),
  outcome: text('outcome').notNull().$type<'upheld' | 'dismissed'>(),
  reply: text('reply').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  byUser: uuid('by_user').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('cell_objection_answers_objection_uq').on(t.objectionId)]);
