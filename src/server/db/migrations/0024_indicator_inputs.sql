CREATE TABLE "ledger_monthly_county" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"quantity_t" numeric(18, 4) NOT NULL,
	"movements" bigint NOT NULL,
	CONSTRAINT "ledger_monthly_county_region_code_year_month_kind_category_pk" PRIMARY KEY("region_code","year","month","kind","category")
);
--> statement-breakpoint
CREATE TABLE "statistical_inputs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"key" text NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"source" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"supersedes_id" uuid,
	"superseded_at" timestamp with time zone,
	"entered_by" uuid NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"checked_on" date NOT NULL,
	"passed" boolean NOT NULL,
	"score" numeric(5, 1),
	"findings" text DEFAULT '' NOT NULL,
	"checked_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "industrial_parks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"circular_status" text DEFAULT 'none' NOT NULL,
	"circular_started_on" date,
	"circular_done_on" date,
	"eco_park" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"level" text,
	"reference" text NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zero_waste_cells" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid,
	"named_on" date NOT NULL,
	"named_by" text DEFAULT '' NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "indicator_plans_title_uq";--> statement-breakpoint
ALTER TABLE "indicator_plans" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_plans" ADD COLUMN "supersedes_id" uuid;--> statement-breakpoint
ALTER TABLE "indicator_plans" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "construction_projects" ADD COLUMN "green_building" boolean;--> statement-breakpoint
ALTER TABLE "construction_projects" ADD COLUMN "green_star" integer;--> statement-breakpoint
ALTER TABLE "construction_projects" ADD COLUMN "prefabricated" boolean;--> statement-breakpoint
ALTER TABLE "statistical_inputs" ADD CONSTRAINT "statistical_inputs_supersedes_id_statistical_inputs_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."statistical_inputs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_monthly_county_year_region_idx" ON "ledger_monthly_county" USING btree ("year","region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "statistical_inputs_current_uq" ON "statistical_inputs" USING btree ("region_code","year","key") WHERE "statistical_inputs"."superseded_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "statistical_inputs_supersedes_uq" ON "statistical_inputs" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "statistical_inputs_region_idx" ON "statistical_inputs" USING btree ("region_code" text_pattern_ops,"year","key");--> statement-breakpoint
CREATE INDEX "compliance_checks_region_idx" ON "compliance_checks" USING btree ("region_code" text_pattern_ops,"checked_on");--> statement-breakpoint
CREATE INDEX "compliance_checks_org_idx" ON "compliance_checks" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "industrial_parks_region_idx" ON "industrial_parks" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "organisation_credentials_org_idx" ON "organisation_credentials" USING btree ("organisation_id","kind");--> statement-breakpoint
CREATE INDEX "organisation_credentials_region_idx" ON "organisation_credentials" USING btree ("region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "zero_waste_cells_region_idx" ON "zero_waste_cells" USING btree ("region_code" text_pattern_ops,"named_on");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_plans_title_uq" ON "indicator_plans" USING btree ("region_code","title") WHERE "indicator_plans"."superseded_at" IS NULL;--> statement-breakpoint
INSERT INTO "ledger_monthly_county" (region_code, year, month, kind, category, quantity_t, movements)
  SELECT left(region_code, 6), year, month, kind, category, sum(quantity_t), sum(movements) FROM "ledger_monthly" GROUP BY 1, 2, 3, 4, 5;
