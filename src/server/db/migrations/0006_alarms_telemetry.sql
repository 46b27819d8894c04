CREATE TABLE "alarm_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alarm_id" uuid NOT NULL,
	"action" text NOT NULL,
	"user_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule" text NOT NULL,
	"severity" text NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"owner_user_id" uuid,
	"deadline" timestamp with time zone NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vehicle_positions" (
	"region_code" text NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"longitude" double precision NOT NULL,
	"latitude" double precision NOT NULL,
	"speed_kmh" real,
	"heading" smallint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vehicle_positions_region_code_vehicle_id_at_pk" PRIMARY KEY("region_code","vehicle_id","at")
);
--> statement-breakpoint
CREATE INDEX "alarm_events_alarm_idx" ON "alarm_events" USING btree ("alarm_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alarms_live_uq" ON "alarms" USING btree ("dedupe_key") WHERE "alarms"."status" IN ('open', 'assigned', 'handled');--> statement-breakpoint
CREATE INDEX "alarms_region_idx" ON "alarms" USING btree ("region_code" text_pattern_ops,"status","raised_at");--> statement-breakpoint
CREATE INDEX "alarms_org_idx" ON "alarms" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "alarms_rule_idx" ON "alarms" USING btree ("rule","status");--> statement-breakpoint
CREATE INDEX "vehicle_positions_vehicle_at_idx" ON "vehicle_positions" USING btree ("vehicle_id","at");