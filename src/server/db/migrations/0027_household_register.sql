CREATE TABLE "household_facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"capacity_t_per_day" numeric(10, 2),
	"classes" text[] NOT NULL,
	"opens_at" text,
	"closes_at" text,
	"status" text DEFAULT 'in_use' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_place_status" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"households" integer NOT NULL,
	"sorted_deposit" boolean NOT NULL,
	"sorted_collection" boolean NOT NULL,
	"sorted_transport" boolean NOT NULL,
	"sorted_treatment" boolean NOT NULL,
	"collection_rooms" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_places" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weighbridge_tickets" (
	"region_code" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"ticket_no" text NOT NULL,
	"plate" text NOT NULL,
	"vehicle_id" uuid,
	"waste_class" text NOT NULL,
	"gross_t" numeric(8, 3) NOT NULL,
	"tare_t" numeric(8, 3) NOT NULL,
	"net_t" numeric(8, 3) NOT NULL,
	"in_at" timestamp with time zone NOT NULL,
	"out_at" timestamp with time zone NOT NULL,
	"route_id" uuid,
	"origin_region_code" text,
	"measured" boolean DEFAULT true NOT NULL,
	"kind" text DEFAULT 'ticket' NOT NULL,
	"corrects" uuid,
	"reason" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "weighbridge_tickets_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE INDEX "household_facilities_region_idx" ON "household_facilities" USING btree ("region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "household_facilities_org_idx" ON "household_facilities" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "household_place_status_place_idx" ON "household_place_status" USING btree ("place_id","as_of","created_at");--> statement-breakpoint
CREATE INDEX "household_places_region_idx" ON "household_places" USING btree ("region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE UNIQUE INDEX "household_places_region_name_uq" ON "household_places" USING btree ("region_code","kind","name");--> statement-breakpoint
CREATE UNIQUE INDEX "weighbridge_tickets_facility_no_uq" ON "weighbridge_tickets" USING btree ("region_code","facility_id","ticket_no");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_facility_out_idx" ON "weighbridge_tickets" USING btree ("facility_id","out_at");--> statement-breakpoint
CREATE INDEX "weighbridge_tickets_region_out_idx" ON "weighbridge_tickets" USING btree ("region_code" text_pattern_ops,"out_at");