import { pgTable, text, integer, index } from 'drizzle-orm/pg-core';

// 行政区划 (GB/T 2260 codes; towns carry the 9-digit statistical code).
export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level', { enum: ['province', 'city', 'county', 'town'] }).notNull(),
  parentCode: text('parent_code'),
  // Statistical development zones (nbs_only_zone) have no GB/T 2260 code of their own.
  statisticalOnly: integer('statistical_only').notNull().default(0),
}, (t) => [
  index('regions_parent_idx').on(t.parentCode),
  index('regions_code_prefix_idx').using('btree', t.code.op('text_pattern_ops')),
]);
