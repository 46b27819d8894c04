-- Licences are ended (注销、吊销) or corrected (更正) rather than edited: who added a record, from which
-- day it no longer counts, why, who ended it and when, and which record a correction supersedes.
ALTER TABLE "licences" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "licences" ADD COLUMN "ended_on" date;--> statement-breakpoint
ALTER TABLE "licences" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "licences" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "licences" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "licences" ADD COLUMN "supersedes_id" uuid;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_supersedes_id_licences_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."licences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A number is unique among the records in force: a correction may keep the number of the one it supersedes.
CREATE UNIQUE INDEX "licences_number_current_uq" ON "licences" USING btree ("number") WHERE "licences"."ended_on" IS NULL;--> statement-breakpoint
DROP INDEX "licences_number_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "licences_supersedes_uq" ON "licences" USING btree ("supersedes_id");--> statement-breakpoint
-- A licence in force has a capacity above 0. NOT VALID: existing rows are not checked, so a capacity
-- stored as 0 before this release does not fail the migration; such a record can be ended or corrected.
ALTER TABLE "licences" ADD CONSTRAINT "licences_capacity_positive" CHECK ("licences"."annual_capacity_t" > 0 OR "licences"."ended_on" IS NOT NULL) NOT VALID;
