import { pgTable, text, uuid, timestamp, integer, boolean, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// A catalogue is versioned: a revised national list is imported as a new version and made current;
// records keep pointing at the version they were written under.
export const catalogueVersions = pgTable('catalogue_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  catalogue: text('catalogue').notNull(),
  label: text('label').notNull(),
  source: text('source').notNull(),
  isCurrent: boolean('is_current').notNull().default(false),
  entryCount: integer('entry_count').notNull().default(0),
  importedBy: uuid('imported_by'),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('catalogue_versions_label_uq').on(t.catalogue, t.label),
  uniqueIndex('catalogue_versions_current_uq').on(t.catalogue).where(sql`${t.isCurrent}`),
]);

export const catalogueEntries = pgTable('catalogue_entries', {
  versionId: uuid('version_id').notNull().references(() => catalogueVersions.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  category: text('category').notNull().default(''),
  categoryName: text('category_name').notNull().default(''),
  industry: text('industry').notNull().default(''),
  description: text('description').notNull().default(''),
  hazard: text('hazard').array().notNull().default(sql`'{}'::text[]`),
  extra: jsonb('extra'),
  position: integer('position').notNull(),
}, (t) => [
  uniqueIndex('catalogue_entries_pk').on(t.versionId, t.code),
  index('catalogue_entries_category_idx').on(t.versionId, t.category),
  index('catalogue_entries_position_idx').on(t.versionId, t.position),
]);
