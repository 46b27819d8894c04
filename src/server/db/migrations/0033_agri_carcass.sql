CREATE TABLE "carcass_report_cancellations" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"cancelled_by" uuid NOT NULL,
	"cancelled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carcass_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"farm_id" uuid,
	"filed_by_org_id" uuid NOT NULL,
	"household_name" text,
	"village" text,
	"species" text NOT NULL,
	"head" integer NOT NULL,
	"weight_kg" numeric(10, 1) NOT NULL,
	"cause" text NOT NULL,
	"suspected_notifiable" boolean DEFAULT false NOT NULL,
	"died_on" date NOT NULL,
	"location" text NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"contact" text DEFAULT '' NOT NULL,
	"supersedes_id" uuid,
	"reason" text,
	"reported_by" uuid NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carcass_reports_head" CHECK ("carcass_reports"."head" > 0),
	CONSTRAINT "carcass_reports_weight" CHECK ("carcass_reports"."weight_kg" > 0),
	CONSTRAINT "carcass_reports_source" CHECK (("carcass_reports"."farm_id" IS NOT NULL) <> ("carcass_reports"."household_name" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "carcass_round_stops" (
	"round_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"report_id" uuid NOT NULL,
	"manifest_id" uuid NOT NULL,
	CONSTRAINT "carcass_round_stops_round_id_seq_pk" PRIMARY KEY("round_id","seq")
);
--> statement-breakpoint
CREATE TABLE "carcass_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"plant_id" uuid NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"round_date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carcass_report_cancellations" ADD CONSTRAINT "carcass_report_cancellations_report_id_carcass_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."carcass_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carcass_reports" ADD CONSTRAINT "carcass_reports_farm_id_organisations_id_fk" FOREIGN KEY ("farm_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carcass_reports" ADD CONSTRAINT "carcass_reports_filed_by_org_id_organisations_id_fk" FOREIGN KEY ("filed_by_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carcass_round_stops" ADD CONSTRAINT "carcass_round_stops_round_id_carcass_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."carcass_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carcass_round_stops" ADD CONSTRAINT "carcass_round_stops_report_id_carcass_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."carcass_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carcass_rounds" ADD CONSTRAINT "carcass_rounds_plant_id_organisations_id_fk" FOREIGN KEY ("plant_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carcass_rounds" ADD CONSTRAINT "carcass_rounds_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carcass_rounds" ADD CONSTRAINT "carcass_rounds_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carcass_reports_region_idx" ON "carcass_reports" USING btree ("region_code" text_pattern_ops,"reported_at");--> statement-breakpoint
CREATE INDEX "carcass_reports_farm_idx" ON "carcass_reports" USING btree ("farm_id","reported_at");--> statement-breakpoint
CREATE INDEX "carcass_reports_filer_idx" ON "carcass_reports" USING btree ("filed_by_org_id","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "carcass_reports_supersedes_uq" ON "carcass_reports" USING btree ("supersedes_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carcass_round_stops_report_uq" ON "carcass_round_stops" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carcass_round_stops_manifest_uq" ON "carcass_round_stops" USING btree ("manifest_id");--> statement-breakpoint
CREATE INDEX "carcass_rounds_plant_idx" ON "carcass_rounds" USING btree ("plant_id","round_date");--> statement-breakpoint
CREATE INDEX "carcass_rounds_region_idx" ON "carcass_rounds" USING btree ("region_code" text_pattern_ops,"round_date");--> statement-breakpoint
CREATE INDEX "carcass_rounds_driver_idx" ON "carcass_rounds" USING btree ("driver_id","round_date");--> statement-breakpoint
-- hand-written: a carcass manifest names the report it collects (data->>'reportId'); one manifest per
-- report, found by the report without scanning the manifests.
CREATE UNIQUE INDEX "manifests_carcass_report_uq" ON "manifests" USING btree ((data->>'reportId')) WHERE stream = 'carcass' AND status <> 'cancelled';
--> statement-breakpoint
-- hand-written: death reports, their cancellations, rounds and stops are append-only: a correction is a new report.
CREATE OR REPLACE FUNCTION carcass_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dead-livestock records are append-only: file a correction or a cancellation';
END $$;
--> statement-breakpoint
CREATE TRIGGER carcass_reports_no_change BEFORE UPDATE OR DELETE ON carcass_reports FOR EACH ROW EXECUTE FUNCTION carcass_refuse_change();
--> statement-breakpoint
CREATE TRIGGER carcass_report_cancellations_no_change BEFORE UPDATE OR DELETE ON carcass_report_cancellations FOR EACH ROW EXECUTE FUNCTION carcass_refuse_change();
--> statement-breakpoint
CREATE TRIGGER carcass_rounds_no_change BEFORE UPDATE OR DELETE ON carcass_rounds FOR EACH ROW EXECUTE FUNCTION carcass_refuse_change();
--> statement-breakpoint
CREATE TRIGGER carcass_round_stops_no_change BEFORE UPDATE OR DELETE ON carcass_round_stops FOR EACH ROW EXECUTE FUNCTION carcass_refuse_change();
