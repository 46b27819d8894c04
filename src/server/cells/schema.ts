import { pgTable, text, uuid, timestamp, jsonb, date, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from '../platform/organisations/schema';

// 无废细胞 (src/domain/cells.ts): an organisation's application to be named a zero-waste cell of a kind
// (无废商场 now), and its history of steps: submitted with its checklist, checked on site, named or
// returned for changes. The steps are append-only; the latest decides the state.

export const cellApplications = pgTable('cell_applications', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  /** The organisation's region when it first applied (a county or a town of it). */
  regionCode: text('region_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cell_applications_org_kind_uq').on(t.organisationId, t.kind),
  index('cell_applications_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.kind),
]);

export interface CellItem { key: string; description: string; attachments: { name: string }[] }
export interface CellFinding { key: string; pass: boolean; note: string }
export type CellStepData =
  | { items: CellItem[] }
  | { checkedOn: string; inspectors: string[]; findings: CellFinding[] }
  | { decisionNo: string; decidedOn: string }
  | { reasons: string };

export const cellApplicationSteps = pgTable('cell_application_steps', {
  id: uuid('id').primaryKey().defaultRandom(),
  cellId: uuid('cell_id').notNull().references(() => cellApplications.id),
  step: text('step').notNull().$type<'submit' | 'check' | 'approve' | 'return'>(),
  data: jsonb('data').notNull().$type<CellStepData>(),
  /** The day a named cell was named (命名), for the counts against the targets; null for other steps. */
  decidedOn: date('decided_on'),
  organisationId: uuid('organisation_id').notNull(),
  byUser: uuid('by_user'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('cell_application_steps_cell_idx').on(t.cellId, t.at),
  index('cell_application_steps_named_idx').on(t.step, t.decidedOn),
]);
