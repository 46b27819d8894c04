CREATE TABLE "region_outlines" (
	"region_code" text PRIMARY KEY NOT NULL,
	"geometry" jsonb NOT NULL,
	"min_lon" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lon" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_settings" (
	"region_code" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "region_settings_key_region_code_pk" PRIMARY KEY("key","region_code")
);
--> statement-breakpoint
CREATE TABLE "collection_round_stops" (
	"round_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"producer_id" uuid NOT NULL,
	"manifest_id" uuid,
	CONSTRAINT "collection_round_stops_round_id_producer_id_pk" PRIMARY KEY("round_id","producer_id")
);
--> statement-breakpoint
CREATE TABLE "collection_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"collector_id" uuid NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"round_date" date NOT NULL,
	"waste_code" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "waste_batches" ADD COLUMN "origin_manifest_id" uuid;--> statement-breakpoint
ALTER TABLE "waste_batches" ADD COLUMN "origin_producer_id" uuid;--> statement-breakpoint
CREATE INDEX "region_outlines_prefix_idx" ON "region_outlines" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "collection_round_stops_producer_idx" ON "collection_round_stops" USING btree ("producer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_round_stops_manifest_uq" ON "collection_round_stops" USING btree ("manifest_id");--> statement-breakpoint
CREATE INDEX "collection_rounds_collector_idx" ON "collection_rounds" USING btree ("collector_id","round_date");--> statement-breakpoint
CREATE INDEX "collection_rounds_region_idx" ON "collection_rounds" USING btree ("region_code" text_pattern_ops,"round_date");--> statement-breakpoint
CREATE INDEX "waste_batches_origin_idx" ON "waste_batches" USING btree ("origin_manifest_id") WHERE "waste_batches"."origin_manifest_id" IS NOT NULL;