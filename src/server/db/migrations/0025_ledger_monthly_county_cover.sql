-- Written by hand: drizzle-kit cannot express INCLUDE; schema.ts names this index in a comment.
-- A city's view reads its counties' monthly sums: ~10,000 rows spread over most of the table's pages
-- in the order the fold wrote them. With every column the readers need in the index, they come from
-- ~100 contiguous index pages (an index-only scan) instead. Index-only scans need the visibility
-- map, and every fold updates rows: autovacuum visits the table after 2 % of it changed, not 20 %.
DROP INDEX IF EXISTS "ledger_monthly_county_year_region_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "ledger_monthly_county_cover_idx" ON "ledger_monthly_county" USING btree ("year", "region_code" text_pattern_ops) INCLUDE ("month", "kind", "category", "quantity_t", "movements");--> statement-breakpoint
ALTER TABLE "ledger_monthly_county" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
