CREATE TABLE "ledger_movements" (
	"region_code" text NOT NULL,
	"id" bigserial NOT NULL,
	"organisation_id" uuid NOT NULL,
	"batch_id" uuid,
	"kind" text NOT NULL,
	"waste_code" text NOT NULL,
	"quantity_t" numeric(14, 4) NOT NULL,
	"store_effect" integer NOT NULL,
	"manifest_id" uuid,
	"treatment_method" text,
	"storage_facility" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"correction_of" bigint,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_movements_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "waste_batches" (
	"region_code" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"stream" text DEFAULT 'hazardous' NOT NULL,
	"batch_no" text NOT NULL,
	"waste_code" text NOT NULL,
	"catalogue_name" text NOT NULL,
	"internal_name" text NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"hazard" text[] DEFAULT '{}'::text[] NOT NULL,
	"physical_form" text NOT NULL,
	"main_components" text DEFAULT '' NOT NULL,
	"container_type" text NOT NULL,
	"container_volume_l" numeric(10, 1) NOT NULL,
	"container_count" integer NOT NULL,
	"quantity_t" numeric(14, 4) NOT NULL,
	"facility_code" text DEFAULT '' NOT NULL,
	"storage_facility" text DEFAULT '' NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"label_token" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waste_batches_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_principal_key_pk" PRIMARY KEY("principal","key")
);
--> statement-breakpoint
CREATE TABLE "manifest_batches" (
	"manifest_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"quantity_t" numeric(14, 4) NOT NULL,
	"released" boolean DEFAULT false NOT NULL,
	CONSTRAINT "manifest_batches_manifest_id_batch_id_pk" PRIMARY KEY("manifest_id","batch_id")
);
--> statement-breakpoint
CREATE TABLE "manifest_counters" (
	"city_prefix" text NOT NULL,
	"year" integer NOT NULL,
	"last_serial" integer NOT NULL,
	CONSTRAINT "manifest_counters_city_prefix_year_pk" PRIMARY KEY("city_prefix","year")
);
--> statement-breakpoint
CREATE TABLE "manifest_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"manifest_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid,
	"user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manifest_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manifest_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_by_org" uuid NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"approvals_needed" uuid[] NOT NULL,
	"approved_by" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manifest_signatures" (
	"manifest_id" uuid NOT NULL,
	"step" text NOT NULL,
	"leg" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"longitude" numeric(9, 6),
	"latitude" numeric(9, 6),
	"weight_t" numeric(14, 4),
	"data_hash" text NOT NULL,
	CONSTRAINT "manifest_signatures_manifest_id_step_leg_pk" PRIMARY KEY("manifest_id","step","leg")
);
--> statement-breakpoint
CREATE TABLE "manifests" (
	"region_code" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"stream" text NOT NULL,
	"status" text NOT NULL,
	"producer_id" uuid NOT NULL,
	"transporter_ids" uuid[] NOT NULL,
	"receiver_id" uuid NOT NULL,
	"receiver_region_code" text NOT NULL,
	"waste_code" text NOT NULL,
	"declared_weight_t" numeric(14, 4) NOT NULL,
	"received_weight_t" numeric(14, 4),
	"planned_date" date NOT NULL,
	"data" jsonb NOT NULL,
	"discrepancies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paper" boolean DEFAULT false NOT NULL,
	"receipt_due_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "manifests_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE INDEX "ledger_org_code_idx" ON "ledger_movements" USING btree ("organisation_id","waste_code","at");--> statement-breakpoint
CREATE INDEX "ledger_batch_idx" ON "ledger_movements" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "ledger_manifest_idx" ON "ledger_movements" USING btree ("manifest_id");--> statement-breakpoint
CREATE INDEX "ledger_region_idx" ON "ledger_movements" USING btree ("region_code" text_pattern_ops,"at");--> statement-breakpoint
CREATE UNIQUE INDEX "waste_batches_id_uq" ON "waste_batches" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "waste_batches_no_uq" ON "waste_batches" USING btree ("organisation_id","batch_no");--> statement-breakpoint
CREATE UNIQUE INDEX "waste_batches_label_uq" ON "waste_batches" USING btree ("label_token");--> statement-breakpoint
CREATE INDEX "waste_batches_org_idx" ON "waste_batches" USING btree ("organisation_id","waste_code","generated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "manifest_batches_open_uq" ON "manifest_batches" USING btree ("batch_id") WHERE NOT "manifest_batches"."released";--> statement-breakpoint
CREATE INDEX "manifest_events_manifest_idx" ON "manifest_events" USING btree ("manifest_id","id");--> statement-breakpoint
CREATE INDEX "manifest_revisions_manifest_idx" ON "manifest_revisions" USING btree ("manifest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "manifests_id_uq" ON "manifests" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "manifests_number_uq" ON "manifests" USING btree ("number");--> statement-breakpoint
CREATE INDEX "manifests_region_idx" ON "manifests" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "manifests_receiver_region_idx" ON "manifests" USING btree ("receiver_region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "manifests_producer_idx" ON "manifests" USING btree ("producer_id","created_at");--> statement-breakpoint
CREATE INDEX "manifests_receiver_idx" ON "manifests" USING btree ("receiver_id","status");--> statement-breakpoint
CREATE INDEX "manifests_transporters_idx" ON "manifests" USING gin ("transporter_ids");--> statement-breakpoint
CREATE INDEX "manifests_open_due_idx" ON "manifests" USING btree ("receipt_due_at") WHERE "manifests"."status" = 'in_transit';