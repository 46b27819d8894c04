import { pgTable, text, uuid, timestamp, date, jsonb, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { CaseSource, StepKind } from '../../domain/cases';

// 行政处罚案件: a case as opened (立案), and the steps that follow it. Neither is ever changed: the case's
// state is read from its steps (src/domain/cases.ts). Append-only (triggers in the migration).

export const enforcementCases = pgTable('enforcement_cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  /** The bureau that opened it. */
  organisationId: uuid('organisation_id').notNull(),
  caseNo: text('case_no').notNull(),
  title: text('title').notNull(),
  facts: text('facts').notNull(),
  sourceKind: text('source_kind').notNull().$type<CaseSource>(),
  sourceId: text('source_id'),
  /** The party (当事人): a unit on the platform, or a name for one that is not. */
  partyId: uuid('party_id'),
  partyName: text('party_name').notNull(),
  /** 固体废物环境污染案件: what rows 40 and 42 count. */
  solidWaste: boolean('solid_waste').notNull().default(true),
  openedOn: date('opened_on').notNull(),
  openedBy: uuid('opened_by').notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('enforcement_cases_no_uq').on(t.caseNo),
  index('enforcement_cases_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.openedOn),
  index('enforcement_cases_party_idx').on(t.partyId),
  index('enforcement_cases_source_idx').on(t.sourceKind, t.sourceId),
]);

export const enforcementCaseSteps = pgTable('enforcement_case_steps', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull().references(() => enforcementCases.id),
  kind: text('kind').notNull().$type<StepKind>(),
  /** The day it happened (调查、决定、结案、移送、公安立案或不予立案、启动赔偿 …). */
  on: date('on').notNull(),
  data: jsonb('data').notNull().$type<Record<string, unknown>>().default({}),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('enforcement_case_steps_case_idx').on(t.caseId, t.recordedAt),
  index('enforcement_case_steps_kind_idx').on(t.kind, t.on),
]);
