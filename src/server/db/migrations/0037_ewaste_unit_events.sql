CREATE TABLE "ewaste_unit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"manifest_id" uuid,
	"happened_on" date NOT NULL,
	"line" text DEFAULT '' NOT NULL,
	"outputs" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ewaste_unit_events" ADD CONSTRAINT "ewaste_unit_events_unit_id_ewaste_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."ewaste_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ewaste_unit_events" ADD CONSTRAINT "ewaste_unit_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ewaste_unit_events_unit_idx" ON "ewaste_unit_events" USING btree ("unit_id","recorded_at");--> statement-breakpoint
CREATE INDEX "ewaste_unit_events_org_idx" ON "ewaste_unit_events" USING btree ("organisation_id","kind","happened_on");--> statement-breakpoint
CREATE INDEX "ewaste_unit_events_manifest_idx" ON "ewaste_unit_events" USING btree ("manifest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ewaste_unit_events_dismantled_uq" ON "ewaste_unit_events" USING btree ("unit_id") WHERE "ewaste_unit_events"."kind" = 'dismantled';--> statement-breakpoint
-- hand-written: a unit's steps are append-only, as its intake is.
CREATE TRIGGER ewaste_unit_events_no_change BEFORE UPDATE OR DELETE ON ewaste_unit_events FOR EACH ROW EXECUTE FUNCTION recycling_refuse_change();
