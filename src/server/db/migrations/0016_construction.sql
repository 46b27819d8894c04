CREATE TABLE "construction_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"items" jsonb NOT NULL,
	"reduction_target_pct" numeric(5, 2) NOT NULL,
	"measures" text DEFAULT '' NOT NULL,
	"transporter_ids" uuid[] NOT NULL,
	"site_ids" uuid[] NOT NULL,
	"route" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "construction_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"kind" text NOT NULL,
	"floor_area_m2" numeric(14, 2) NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"status" text DEFAULT 'registered' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disposal_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"capacity_t" numeric(14, 2) NOT NULL,
	"opening_fill_t" numeric(14, 2) DEFAULT 0 NOT NULL,
	"accepts" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "construction_plans_version_uq" ON "construction_plans" USING btree ("project_id","version");--> statement-breakpoint
CREATE INDEX "construction_plans_status_idx" ON "construction_plans" USING btree ("status");--> statement-breakpoint
CREATE INDEX "construction_projects_region_idx" ON "construction_projects" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "construction_projects_org_idx" ON "construction_projects" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "disposal_sites_org_idx" ON "disposal_sites" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "disposal_sites_region_idx" ON "disposal_sites" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
-- A truck carries one open load at a time (construction), and the live map and transport rules find a vehicle's open manifest.
CREATE INDEX IF NOT EXISTS "manifests_open_vehicle_idx" ON "manifests" (("data"->>'vehicleId')) WHERE "status" IN ('draft', 'signed_by_producer', 'in_transit');
