CREATE TABLE "ewaste_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"intake_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"booking_id" uuid,
	"appliance_type" text NOT NULL,
	"brand" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"serial" text DEFAULT '' NOT NULL,
	"weight_kg" numeric(8, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recycling_intake" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"site_id" uuid NOT NULL,
	"received_on" date NOT NULL,
	"category" text NOT NULL,
	"waste_code" text NOT NULL,
	"weight_kg" numeric(12, 2) NOT NULL,
	"item_count" integer,
	"source" text NOT NULL,
	"booking_id" uuid,
	"manifest_id" uuid,
	"seller_org_id" uuid,
	"seller_name" text DEFAULT '' NOT NULL,
	"seller_id_no" text DEFAULT '' NOT NULL,
	"seller_address" text DEFAULT '' NOT NULL,
	"seller_certificate" text DEFAULT '' NOT NULL,
	"unit_price_yuan" numeric(10, 2),
	"amount_yuan" numeric(12, 2),
	"batch_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recycling_intake_positive" CHECK ("recycling_intake"."weight_kg" >= 0 AND ("recycling_intake"."item_count" IS NULL OR "recycling_intake"."item_count" >= 0))
);
--> statement-breakpoint
CREATE TABLE "recycling_sites" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"served_place_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"served_town_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"opened_on" date,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ewaste_units" ADD CONSTRAINT "ewaste_units_intake_id_recycling_intake_id_fk" FOREIGN KEY ("intake_id") REFERENCES "public"."recycling_intake"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ewaste_units" ADD CONSTRAINT "ewaste_units_site_id_organisations_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_intake" ADD CONSTRAINT "recycling_intake_site_id_organisations_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_intake" ADD CONSTRAINT "recycling_intake_seller_org_id_organisations_id_fk" FOREIGN KEY ("seller_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_intake" ADD CONSTRAINT "recycling_intake_batch_id_waste_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."waste_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_sites" ADD CONSTRAINT "recycling_sites_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_sites" ADD CONSTRAINT "recycling_sites_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ewaste_units_intake_idx" ON "ewaste_units" USING btree ("intake_id");--> statement-breakpoint
CREATE INDEX "ewaste_units_site_idx" ON "ewaste_units" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "ewaste_units_region_idx" ON "ewaste_units" USING btree ("region_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ewaste_units_serial_uq" ON "ewaste_units" USING btree ("appliance_type",lower("brand"),"serial") WHERE "ewaste_units"."serial" <> '';--> statement-breakpoint
CREATE INDEX "recycling_intake_site_idx" ON "recycling_intake" USING btree ("site_id","received_on");--> statement-breakpoint
CREATE INDEX "recycling_intake_region_idx" ON "recycling_intake" USING btree ("region_code" text_pattern_ops,"received_on");--> statement-breakpoint
CREATE INDEX "recycling_intake_seller_idx" ON "recycling_intake" USING btree ("seller_org_id","received_on");--> statement-breakpoint
CREATE INDEX "recycling_intake_booking_idx" ON "recycling_intake" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recycling_intake_load_uq" ON "recycling_intake" USING btree ("manifest_id","category");--> statement-breakpoint
CREATE INDEX "recycling_sites_operator_idx" ON "recycling_sites" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "recycling_sites_region_idx" ON "recycling_sites" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "recycling_sites_places_idx" ON "recycling_sites" USING gin ("served_place_ids");--> statement-breakpoint
CREATE INDEX "recycling_sites_towns_idx" ON "recycling_sites" USING gin ("served_town_codes");--> statement-breakpoint
-- hand-written: a station's electronic ledger and the e-waste units are append-only: a correction is a new line.
CREATE OR REPLACE FUNCTION recycling_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'recycling ledger records are append-only: record a correction as a new line';
END $$;
--> statement-breakpoint
CREATE TRIGGER recycling_intake_no_change BEFORE UPDATE OR DELETE ON recycling_intake FOR EACH ROW EXECUTE FUNCTION recycling_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ewaste_units_no_change BEFORE UPDATE OR DELETE ON ewaste_units FOR EACH ROW EXECUTE FUNCTION recycling_refuse_change();
