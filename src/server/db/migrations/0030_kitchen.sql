CREATE TABLE "kitchen_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"producer_id" uuid NOT NULL,
	"collector_id" uuid NOT NULL,
	"producer_kind" text NOT NULL,
	"contract_no" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"daily_kg" numeric(10, 1) NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kitchen_contracts_dates" CHECK ("kitchen_contracts"."valid_to" >= "kitchen_contracts"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "kitchen_contracts" ADD CONSTRAINT "kitchen_contracts_producer_id_organisations_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kitchen_contracts" ADD CONSTRAINT "kitchen_contracts_collector_id_organisations_id_fk" FOREIGN KEY ("collector_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kitchen_contracts_current_uq" ON "kitchen_contracts" USING btree ("producer_id") WHERE "kitchen_contracts"."ended_on" IS NULL;--> statement-breakpoint
CREATE INDEX "kitchen_contracts_region_idx" ON "kitchen_contracts" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "kitchen_contracts_collector_idx" ON "kitchen_contracts" USING btree ("collector_id");