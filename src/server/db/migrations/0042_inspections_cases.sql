CREATE TABLE "inspection_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"enterprise_pool_id" uuid NOT NULL,
	"inspector_pool_id" uuid NOT NULL,
	"enterprise_count" integer NOT NULL,
	"inspectors_per_enterprise" integer NOT NULL,
	"seed" text NOT NULL,
	"enterprise_members" jsonb NOT NULL,
	"inspector_members" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"drawn_on" date NOT NULL,
	"drawn_by" uuid NOT NULL,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_draws_counts" CHECK ("inspection_draws"."enterprise_count" >= 1 AND "inspection_draws"."inspectors_per_enterprise" >= 2)
);
--> statement-breakpoint
CREATE TABLE "inspection_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"risk" text DEFAULT 'any' NOT NULL,
	"include_users" boolean DEFAULT false NOT NULL,
	"officers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_risk_listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"listed_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draw_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"inspected_on" date NOT NULL,
	"inspectors" jsonb NOT NULL,
	"items" jsonb NOT NULL,
	"score" numeric(5, 1) NOT NULL,
	"passed" boolean NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"compliance_check_id" uuid NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enforcement_case_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"on" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enforcement_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"case_no" text NOT NULL,
	"title" text NOT NULL,
	"facts" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text,
	"party_id" uuid,
	"party_name" text NOT NULL,
	"solid_waste" boolean DEFAULT true NOT NULL,
	"opened_on" date NOT NULL,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspection_draws" ADD CONSTRAINT "inspection_draws_enterprise_pool_id_inspection_pools_id_fk" FOREIGN KEY ("enterprise_pool_id") REFERENCES "public"."inspection_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draws" ADD CONSTRAINT "inspection_draws_inspector_pool_id_inspection_pools_id_fk" FOREIGN KEY ("inspector_pool_id") REFERENCES "public"."inspection_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_draw_id_inspection_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."inspection_draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_case_steps" ADD CONSTRAINT "enforcement_case_steps_case_id_enforcement_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."enforcement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_draws_region_idx" ON "inspection_draws" USING btree ("region_code" text_pattern_ops,"drawn_on");--> statement-breakpoint
CREATE INDEX "inspection_pools_region_idx" ON "inspection_pools" USING btree ("region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "inspection_risk_listings_org_idx" ON "inspection_risk_listings" USING btree ("organisation_id","recorded_at");--> statement-breakpoint
CREATE INDEX "inspection_risk_listings_region_idx" ON "inspection_risk_listings" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_draw_org_uq" ON "inspections" USING btree ("draw_id","organisation_id");--> statement-breakpoint
CREATE INDEX "inspections_region_idx" ON "inspections" USING btree ("region_code" text_pattern_ops,"inspected_on");--> statement-breakpoint
CREATE INDEX "inspections_org_idx" ON "inspections" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "enforcement_case_steps_case_idx" ON "enforcement_case_steps" USING btree ("case_id","recorded_at");--> statement-breakpoint
CREATE INDEX "enforcement_case_steps_kind_idx" ON "enforcement_case_steps" USING btree ("kind","on");--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_no_uq" ON "enforcement_cases" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "enforcement_cases_region_idx" ON "enforcement_cases" USING btree ("region_code" text_pattern_ops,"opened_on");--> statement-breakpoint
CREATE INDEX "enforcement_cases_party_idx" ON "enforcement_cases" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "enforcement_cases_source_idx" ON "enforcement_cases" USING btree ("source_kind","source_id");--> statement-breakpoint
-- hand-written: risk listings, pools, draws, inspections, cases and their steps are append-only; a correction is a new entry.
CREATE OR REPLACE FUNCTION inspections_cases_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'inspection and case records are append-only: record a correction as a new entry';
END $$;
--> statement-breakpoint
CREATE TRIGGER inspection_risk_listings_no_change BEFORE UPDATE OR DELETE ON inspection_risk_listings FOR EACH ROW EXECUTE FUNCTION inspections_cases_refuse_change();
--> statement-breakpoint
CREATE TRIGGER inspection_pools_no_change BEFORE UPDATE OR DELETE ON inspection_pools FOR EACH ROW EXECUTE FUNCTION inspections_cases_refuse_change();
--> statement-breakpoint
CREATE TRIGGER inspection_draws_no_change BEFORE UPDATE OR DELETE ON inspection_draws FOR EACH ROW EXECUTE FUNCTION inspections_cases_refuse_change();
--> statement-breakpoint
CREATE TRIGGER inspections_no_change BEFORE UPDATE OR DELETE ON inspections FOR EACH ROW EXECUTE FUNCTION inspections_cases_refuse_change();
--> statement-breakpoint
CREATE TRIGGER enforcement_cases_no_change BEFORE UPDATE OR DELETE ON enforcement_cases FOR EACH ROW EXECUTE FUNCTION inspections_cases_refuse_change();
--> statement-breakpoint
CREATE TRIGGER enforcement_case_steps_no_change BEFORE UPDATE OR DELETE ON enforcement_case_steps FOR EACH ROW EXECUTE FUNCTION inspections_cases_refuse_change();
