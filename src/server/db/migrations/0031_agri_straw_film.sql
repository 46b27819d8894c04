CREATE TABLE "straw_coefficients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"crop" text NOT NULL,
	"grain_ratio" numeric(6, 3) NOT NULL,
	"collectable_share" numeric(4, 3) NOT NULL,
	"source" text NOT NULL,
	"superseded_at" timestamp with time zone,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "straw_coefficients_range" CHECK ("straw_coefficients"."grain_ratio" > 0 AND "straw_coefficients"."collectable_share" > 0 AND "straw_coefficients"."collectable_share" <= 1)
);
--> statement-breakpoint
CREATE TABLE "straw_seasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"harvest" text NOT NULL,
	"crop" text NOT NULL,
	"sown_mu" numeric(12, 2) NOT NULL,
	"yield_t" numeric(14, 3) NOT NULL,
	"grain_ratio" numeric(6, 3) NOT NULL,
	"collectable_share" numeric(4, 3) NOT NULL,
	"coefficient_source" text NOT NULL,
	"theoretical_t" numeric(14, 3) NOT NULL,
	"collectable_t" numeric(14, 3) NOT NULL,
	"field_return_t" numeric(14, 3) NOT NULL,
	"fertiliser_t" numeric(14, 3) NOT NULL,
	"feed_t" numeric(14, 3) NOT NULL,
	"fuel_t" numeric(14, 3) NOT NULL,
	"substrate_t" numeric(14, 3) NOT NULL,
	"material_t" numeric(14, 3) NOT NULL,
	"used_t" numeric(14, 3) NOT NULL,
	"entities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"remark" text DEFAULT '' NOT NULL,
	"via" text DEFAULT 'form' NOT NULL,
	"supersedes" uuid,
	"superseded_by" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "straw_seasons_used" CHECK ("straw_seasons"."used_t" <= "straw_seasons"."collectable_t"),
	CONSTRAINT "straw_seasons_positive" CHECK ("straw_seasons"."sown_mu" >= 0 AND "straw_seasons"."yield_t" >= 0 AND "straw_seasons"."field_return_t" >= 0 AND "straw_seasons"."fertiliser_t" >= 0 AND "straw_seasons"."feed_t" >= 0 AND "straw_seasons"."fuel_t" >= 0 AND "straw_seasons"."substrate_t" >= 0 AND "straw_seasons"."material_t" >= 0)
);
--> statement-breakpoint
CREATE TABLE "film_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"ledger" text NOT NULL,
	"year" integer NOT NULL,
	"day" date NOT NULL,
	"organisation_id" uuid NOT NULL,
	"film_type" text NOT NULL,
	"thickness_mm" numeric(6, 4),
	"tonnes" numeric(12, 3) NOT NULL,
	"crop" text,
	"area_mu" numeric(12, 2),
	"counterpart_id" uuid,
	"counterpart_name" text DEFAULT '' NOT NULL,
	"remark" text DEFAULT '' NOT NULL,
	"supersedes" uuid,
	"superseded_by" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "film_records_tonnes" CHECK ("film_records"."tonnes" > 0)
);
--> statement-breakpoint
CREATE TABLE "film_refusals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"day" date NOT NULL,
	"film_type" text NOT NULL,
	"thickness_mm" numeric(6, 4) NOT NULL,
	"tonnes" numeric(12, 3) NOT NULL,
	"counterpart_name" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "film_records" ADD CONSTRAINT "film_records_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "film_records" ADD CONSTRAINT "film_records_counterpart_id_organisations_id_fk" FOREIGN KEY ("counterpart_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "film_refusals" ADD CONSTRAINT "film_refusals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "straw_coefficients_current_uq" ON "straw_coefficients" USING btree ("region_code","crop") WHERE "straw_coefficients"."superseded_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "straw_seasons_current_uq" ON "straw_seasons" USING btree ("region_code","year","harvest","crop") WHERE "straw_seasons"."superseded_by" IS NULL;--> statement-breakpoint
CREATE INDEX "straw_seasons_region_idx" ON "straw_seasons" USING btree ("region_code" text_pattern_ops,"year");--> statement-breakpoint
CREATE INDEX "straw_seasons_year_idx" ON "straw_seasons" USING btree ("year","harvest","crop");--> statement-breakpoint
CREATE INDEX "film_records_region_idx" ON "film_records" USING btree ("region_code" text_pattern_ops,"year","ledger");--> statement-breakpoint
CREATE INDEX "film_records_org_idx" ON "film_records" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "film_refusals_region_idx" ON "film_refusals" USING btree ("region_code" text_pattern_ops,"recorded_at");--> statement-breakpoint
CREATE INDEX "film_refusals_org_idx" ON "film_refusals" USING btree ("organisation_id");--> statement-breakpoint
-- hand-written: the straw and film ledgers are append-only (农用薄膜管理办法: ledgers kept at least two
-- years). The one change allowed is marking a row superseded once, touching nothing else.
CREATE OR REPLACE FUNCTION agri_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) ->> 'superseded_by') IS NULL AND (to_jsonb(OLD) ->> 'superseded_at') IS NULL
     AND (to_jsonb(NEW) - 'superseded_by' - 'superseded_at') = (to_jsonb(OLD) - 'superseded_by' - 'superseded_at') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER straw_seasons_append_only BEFORE UPDATE OR DELETE ON straw_seasons FOR EACH ROW EXECUTE FUNCTION agri_ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER straw_coefficients_append_only BEFORE UPDATE OR DELETE ON straw_coefficients FOR EACH ROW EXECUTE FUNCTION agri_ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER film_records_append_only BEFORE UPDATE OR DELETE ON film_records FOR EACH ROW EXECUTE FUNCTION agri_ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER film_refusals_append_only BEFORE UPDATE OR DELETE ON film_refusals FOR EACH ROW EXECUTE FUNCTION agri_ledger_refuse_change();
