-- Indexes for the regulator views (waste in store across an area, alarms and audit of one enterprise).
-- Written by hand: drizzle-kit cannot express INCLUDE; the schema files do not declare these.
CREATE INDEX IF NOT EXISTS "waste_batches_region_idx" ON "waste_batches" USING btree ("region_code" text_pattern_ops, "generated_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "ledger_batch_store_idx" ON "ledger_movements" ("batch_id") INCLUDE ("quantity_t", "store_effect") WHERE "store_effect" <> 0;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "alarms_org_raised_idx" ON "alarms" ("organisation_id", "raised_at" DESC);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_org_id_idx" ON "audit_log" ("organisation_id", "id" DESC);
