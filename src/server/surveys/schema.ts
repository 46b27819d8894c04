import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, jsonb, date, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { organisations } from '../platform/organisations/schema';
import type { AnswerValue, BindingRule, SurveyQuestion, SurveyStatus } from '../../domain/surveys';

// 问卷调查 (src/domain/surveys.ts): the office's surveys, the answers the public gives on a phone
// without logging in, and the binding of a question to a row of the office's indicator plan (群众获得感,
// 临清 43–45). A survey's questions are edited only as a draft; published, they are frozen (a new
// version is a new survey that names the one it follows). Answers are append-only (trigger).

export const surveys = pgTable('surveys', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The region surveyed: the office's own (a county, a city). */
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  title: text('title').notNull(),
  intro: text('intro').notNull().default(''),
  questions: jsonb('questions').notNull().$type<SurveyQuestion[]>(),
  status: text('status').notNull().$type<SurveyStatus>().default('draft'),
  /** The last day answers are taken (Asia/Shanghai), or null for open until closed. */
  closesOn: date('closes_on'),
  /** The survey this one is a new version of. */
  follows: uuid('follows'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  index('surveys_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.status),
  check('surveys_status', sql`${t.status} IN ('draft', 'published', 'closed')`),
]);

export const surveyResponses = pgTable('survey_responses', {
  id: uuid('id').primaryKey().defaultRandom(),
  surveyId: uuid('survey_id').notNull().references(() => surveys.id),
  /** Where the respondent lives: the town answered, else the survey's region. */
  regionCode: text('region_code').notNull(),
  /** The answers by question key (absent when skipped). */
  answers: jsonb('answers').notNull().$type<Record<string, AnswerValue>>(),
  /** The device id the server set as a cookie; never shown or exported. */
  deviceId: text('device_id').notNull(),
  /** HMAC-SHA256 of the phone number under the server's survey key, when one was given; never the number. */
  phoneHmac: text('phone_hmac'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('survey_responses_device_uq').on(t.surveyId, t.deviceId),
  uniqueIndex('survey_responses_phone_uq').on(t.surveyId, t.phoneHmac).where(sql`${t.phoneHmac} IS NOT NULL`),
  index('survey_responses_survey_idx').on(t.surveyId, t.submittedAt),
  index('survey_responses_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.submittedAt),
]);

/** A question bound to a row of the office's plan, with what counts as positive; an ended binding is kept. */
export const surveyBindings = pgTable('survey_bindings', {
  id: uuid('id').primaryKey().defaultRandom(),
  surveyId: uuid('survey_id').notNull().references(() => surveys.id),
  questionKey: text('question_key').notNull(),
  indicatorId: uuid('indicator_id').notNull(),
  /** The indicator's formula (survey_awareness, survey_participation, survey_satisfaction). */
  formula: text('formula').notNull(),
  rule: jsonb('rule').notNull().$type<BindingRule>(),
  boundBy: uuid('bound_by').notNull(),
  boundAt: timestamp('bound_at', { withTimezone: true }).notNull().defaultNow(),
  endedBy: uuid('ended_by'),
  endedAt: timestamp('ended_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('survey_bindings_active_uq').on(t.surveyId, t.indicatorId).where(sql`${t.endedAt} IS NULL`),
  index('survey_bindings_formula_idx').on(t.formula, t.surveyId),
]);

/** The server's keys for surveys (the phone HMAC, the device cookie's signature): made once, on first use. */
export const surveyKeys = pgTable('survey_keys', {
  name: text('name').primaryKey(),
  key: text('key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Survey = typeof surveys.$inferSelect;
export type SurveyBinding = typeof surveyBindings.$inferSelect;
