CREATE TABLE "indicator_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"baseline_year" integer NOT NULL,
	"years" integer[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_targets" (
	"indicator_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"text" text NOT NULL,
	"parsed" jsonb NOT NULL,
	CONSTRAINT "indicator_targets_indicator_id_year_pk" PRIMARY KEY("indicator_id","year")
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"month" integer,
	"value" numeric(18, 6) NOT NULL,
	"numerator" numeric(18, 6),
	"denominator" numeric(18, 6),
	"origin" text NOT NULL,
	"status" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"reported_by" uuid,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"no" integer NOT NULL,
	"level1" text NOT NULL,
	"level2" text NOT NULL,
	"name" text NOT NULL,
	"mark" text,
	"unit" text DEFAULT '' NOT NULL,
	"direction" text NOT NULL,
	"baseline_text" text DEFAULT '' NOT NULL,
	"baseline_value" numeric(18, 6),
	"data_source" text DEFAULT '' NOT NULL,
	"responsible" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"formula" text,
	"original" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_plans_title_uq" ON "indicator_plans" USING btree ("region_code","title");--> statement-breakpoint
CREATE INDEX "indicator_plans_region_idx" ON "indicator_plans" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "indicator_values_lookup_idx" ON "indicator_values" USING btree ("indicator_id","region_code","year","month","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_plan_no_uq" ON "indicators" USING btree ("plan_id","no");--> statement-breakpoint
CREATE INDEX "indicators_formula_idx" ON "indicators" USING btree ("formula");