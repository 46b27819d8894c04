CREATE TABLE "livestock_farm_years" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"species" text NOT NULL,
	"stock_head" integer NOT NULL,
	"sold_head" integer NOT NULL,
	"storage_m3" numeric(12, 1) NOT NULL,
	"dry_yard_m2" numeric(12, 1) NOT NULL,
	"covered" boolean NOT NULL,
	"rain_separated" boolean NOT NULL,
	"facility_kind" text NOT NULL,
	"demonstration_level" text,
	"demonstration_year" integer,
	"supersedes" uuid,
	"correction_reason" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "livestock_farm_years_heads" CHECK ("livestock_farm_years"."stock_head" >= 0 AND "livestock_farm_years"."sold_head" >= 0 AND "livestock_farm_years"."storage_m3" >= 0 AND "livestock_farm_years"."dry_yard_m2" >= 0),
	CONSTRAINT "livestock_farm_years_demonstration" CHECK (("livestock_farm_years"."demonstration_level" IS NULL) = ("livestock_farm_years"."demonstration_year" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "manure_months" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"basis" text NOT NULL,
	"generated_t" numeric(14, 4) NOT NULL,
	"generated_note" text,
	"field_t" numeric(14, 4) NOT NULL,
	"field_area_mu" numeric(12, 1),
	"biogas_t" numeric(14, 4) NOT NULL,
	"sold_t" numeric(14, 4) NOT NULL,
	"sold_to" text,
	"note" text,
	"supersedes" uuid,
	"correction_reason" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "manure_months_month" CHECK ("manure_months"."month" BETWEEN 1 AND 12),
	CONSTRAINT "manure_months_amounts" CHECK ("manure_months"."generated_t" >= 0 AND "manure_months"."field_t" >= 0 AND "manure_months"."biogas_t" >= 0 AND "manure_months"."sold_t" >= 0),
	CONSTRAINT "manure_months_field_area" CHECK ("manure_months"."field_t" = 0 OR "manure_months"."field_area_mu" > 0),
	CONSTRAINT "manure_months_sold_to" CHECK ("manure_months"."sold_t" = 0 OR "manure_months"."sold_to" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "livestock_farm_years" ADD CONSTRAINT "livestock_farm_years_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livestock_farm_years" ADD CONSTRAINT "livestock_farm_years_supersedes_livestock_farm_years_id_fk" FOREIGN KEY ("supersedes") REFERENCES "public"."livestock_farm_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manure_months" ADD CONSTRAINT "manure_months_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manure_months" ADD CONSTRAINT "manure_months_supersedes_manure_months_id_fk" FOREIGN KEY ("supersedes") REFERENCES "public"."manure_months"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "livestock_farm_years_first_uq" ON "livestock_farm_years" USING btree ("organisation_id","year") WHERE "livestock_farm_years"."supersedes" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "livestock_farm_years_supersedes_uq" ON "livestock_farm_years" USING btree ("supersedes");--> statement-breakpoint
CREATE INDEX "livestock_farm_years_region_idx" ON "livestock_farm_years" USING btree ("region_code" text_pattern_ops,"year");--> statement-breakpoint
CREATE INDEX "livestock_farm_years_year_idx" ON "livestock_farm_years" USING btree ("year","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "manure_months_first_uq" ON "manure_months" USING btree ("organisation_id","year","month") WHERE "manure_months"."supersedes" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "manure_months_supersedes_uq" ON "manure_months" USING btree ("supersedes");--> statement-breakpoint
CREATE INDEX "manure_months_region_idx" ON "manure_months" USING btree ("region_code" text_pattern_ops,"year");--> statement-breakpoint
CREATE INDEX "manure_months_farm_idx" ON "manure_months" USING btree ("organisation_id","year","month");--> statement-breakpoint
-- hand-written: the farm register and the manure ledger are append-only (a correction is a new row that supersedes).
CREATE OR REPLACE FUNCTION livestock_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the livestock register and the manure ledger are append-only: record a correction that supersedes the row';
END $$;
--> statement-breakpoint
CREATE TRIGGER livestock_farm_years_no_change BEFORE UPDATE OR DELETE ON livestock_farm_years
  FOR EACH ROW EXECUTE FUNCTION livestock_refuse_change();
--> statement-breakpoint
CREATE TRIGGER manure_months_no_change BEFORE UPDATE OR DELETE ON manure_months
  FOR EACH ROW EXECUTE FUNCTION livestock_refuse_change();
