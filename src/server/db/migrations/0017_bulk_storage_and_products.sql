CREATE TABLE "bulk_storage_rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"problem" text NOT NULL,
	"found_on" date NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"action" text DEFAULT '' NOT NULL,
	"reported_at" timestamp with time zone,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulk_storage_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"waste_classes" text[] NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"area_m2" numeric(14, 2),
	"design_capacity_t" numeric(14, 3) NOT NULL,
	"built_year" integer,
	"controls" text DEFAULT '' NOT NULL,
	"legacy" text DEFAULT 'no' NOT NULL,
	"status" text DEFAULT 'in_use' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulk_storage_stock" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"stock_t" numeric(14, 3) NOT NULL,
	"in_t" numeric(14, 3) DEFAULT 0 NOT NULL,
	"out_t" numeric(14, 3) DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_listings" ADD COLUMN "category" text DEFAULT 'waste' NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_listings" ADD COLUMN "unit" text DEFAULT '吨' NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_listings" ADD COLUMN "price_yuan" numeric(14, 2);--> statement-breakpoint
CREATE INDEX "bulk_storage_rectifications_site_idx" ON "bulk_storage_rectifications" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "bulk_storage_sites_region_idx" ON "bulk_storage_sites" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "bulk_storage_sites_org_idx" ON "bulk_storage_sites" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "bulk_storage_stock_site_idx" ON "bulk_storage_stock" USING btree ("site_id","as_of","created_at");--> statement-breakpoint
CREATE INDEX "exchange_listings_category_idx" ON "exchange_listings" USING btree ("category","status","created_at");