CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"period_type" text NOT NULL,
	"period" text NOT NULL,
	"version" integer NOT NULL,
	"figures" jsonb NOT NULL,
	"remark" text DEFAULT '' NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "management_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"management_class" text NOT NULL,
	"expected_t" numeric(14, 4) DEFAULT 0 NOT NULL,
	"own_facility" boolean DEFAULT false NOT NULL,
	"tables" jsonb NOT NULL,
	"review_comment" text,
	"submitted_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_version_uq" ON "declarations" USING btree ("organisation_id","stream","period_type","period","version");--> statement-breakpoint
CREATE INDEX "declarations_region_idx" ON "declarations" USING btree ("region_code" text_pattern_ops,"period_type","period");--> statement-breakpoint
CREATE UNIQUE INDEX "management_plans_org_year_uq" ON "management_plans" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "management_plans_region_idx" ON "management_plans" USING btree ("region_code" text_pattern_ops,"year");