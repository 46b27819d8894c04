import { pgTable, text, uuid, timestamp, date, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';

// 信息公开: the office's articles (news, policies, plans, notices) and the datasets it publishes as
// open data. Edits keep the article's id; each change is in the audit log with what it was before.

export const portalArticles = pgTable('portal_articles', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  kind: text('kind', { enum: ['news', 'policy', 'plan', 'notice'] }).notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  body: text('body').notNull().default(''),
  /** The issuing body (发文机关) and the document number (文号) of a policy or plan. */
  issuer: text('issuer').notNull().default(''),
  documentNo: text('document_no').notNull().default(''),
  attachments: jsonb('attachments').notNull().$type<{ name: string; note?: string }[]>().default([]),
  state: text('state', { enum: ['draft', 'published', 'withdrawn'] }).notNull().default('draft'),
  /** The day it is dated (a policy's issue day, a piece of news' day). */
  publishedOn: date('published_on'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawReason: text('withdraw_reason'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('portal_articles_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.state, t.kind, t.publishedOn),
]);

/** A dataset of the registry (portal/datasets.ts) that an area's office has published, with its DCAT description. */
export const openDatasets = pgTable('open_datasets', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  dataset: text('dataset').notNull(),
  /** The stable address: /api/public/open-data/<slug>. */
  slug: text('slug').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  keywords: text('keywords').array().notNull().default([]),
  publisher: text('publisher').notNull(),
  licence: text('licence').notNull(),
  frequency: text('frequency').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  publishedBy: uuid('published_by').notNull(),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawReason: text('withdraw_reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('open_datasets_slug_uq').on(t.slug),
  index('open_datasets_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
]);
