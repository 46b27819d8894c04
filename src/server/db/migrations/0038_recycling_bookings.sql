CREATE TABLE "recycling_booking_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"booking_id" uuid NOT NULL,
	"action" text NOT NULL,
	"status" text NOT NULL,
	"company_id" uuid,
	"user_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recycling_booking_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"category" text NOT NULL,
	"appliance_type" text DEFAULT '' NOT NULL,
	"estimated_kg" numeric(10, 2),
	"estimated_count" integer
);
--> statement-breakpoint
CREATE TABLE "recycling_booking_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"category" text NOT NULL,
	"weight_kg" numeric(12, 2) NOT NULL,
	"item_count" integer,
	"unit" text NOT NULL,
	"unit_price_yuan" numeric(10, 2) NOT NULL,
	"amount_yuan" numeric(12, 2) NOT NULL,
	"intake_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recycling_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_no" text NOT NULL,
	"region_code" text NOT NULL,
	"resident_user_id" uuid NOT NULL,
	"household_id" uuid,
	"place_id" uuid NOT NULL,
	"address" text NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"slot_date" date NOT NULL,
	"slot" text NOT NULL,
	"slot_start" timestamp with time zone NOT NULL,
	"payment" text NOT NULL,
	"photos" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"company_id" uuid,
	"offered_at" timestamp with time zone NOT NULL,
	"passed_over" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"accepted_at" timestamp with time zone,
	"collector_id" uuid,
	"dispatched_at" timestamp with time zone,
	"on_way_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"recorded_at" timestamp with time zone,
	"station_id" uuid,
	"amount_yuan" numeric(12, 2),
	"points" integer,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"escalated_at" timestamp with time zone,
	"stars" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "recycling_bookings_stars" CHECK ("recycling_bookings"."stars" IS NULL OR "recycling_bookings"."stars" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "recycling_collectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"id_no" text NOT NULL,
	"filing_no" text NOT NULL,
	"user_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"registered_by" uuid NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recycling_price_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"effective_from" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"published_by" uuid NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recycling_prices" (
	"list_id" uuid NOT NULL,
	"category" text NOT NULL,
	"appliance_type" text DEFAULT '' NOT NULL,
	"unit" text NOT NULL,
	"price_yuan" numeric(10, 2) NOT NULL,
	CONSTRAINT "recycling_prices_not_negative" CHECK ("recycling_prices"."price_yuan" >= 0)
);
--> statement-breakpoint
ALTER TABLE "green_points" ADD COLUMN "booking_id" uuid;--> statement-breakpoint
ALTER TABLE "recycling_booking_events" ADD CONSTRAINT "recycling_booking_events_booking_id_recycling_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."recycling_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_booking_items" ADD CONSTRAINT "recycling_booking_items_booking_id_recycling_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."recycling_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_booking_lines" ADD CONSTRAINT "recycling_booking_lines_booking_id_recycling_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."recycling_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_bookings" ADD CONSTRAINT "recycling_bookings_company_id_organisations_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_bookings" ADD CONSTRAINT "recycling_bookings_collector_id_recycling_collectors_id_fk" FOREIGN KEY ("collector_id") REFERENCES "public"."recycling_collectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_bookings" ADD CONSTRAINT "recycling_bookings_station_id_organisations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_collectors" ADD CONSTRAINT "recycling_collectors_company_id_organisations_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_price_lists" ADD CONSTRAINT "recycling_price_lists_company_id_organisations_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_prices" ADD CONSTRAINT "recycling_prices_list_id_recycling_price_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."recycling_price_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recycling_booking_events_booking_idx" ON "recycling_booking_events" USING btree ("booking_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "recycling_booking_items_uq" ON "recycling_booking_items" USING btree ("booking_id","seq");--> statement-breakpoint
CREATE INDEX "recycling_booking_lines_booking_idx" ON "recycling_booking_lines" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recycling_bookings_no_uq" ON "recycling_bookings" USING btree ("booking_no");--> statement-breakpoint
CREATE INDEX "recycling_bookings_resident_idx" ON "recycling_bookings" USING btree ("resident_user_id","created_at");--> statement-breakpoint
CREATE INDEX "recycling_bookings_company_idx" ON "recycling_bookings" USING btree ("company_id","status","slot_start");--> statement-breakpoint
CREATE INDEX "recycling_bookings_collector_idx" ON "recycling_bookings" USING btree ("collector_id","slot_date");--> statement-breakpoint
CREATE INDEX "recycling_bookings_region_idx" ON "recycling_bookings" USING btree ("region_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "recycling_bookings_pending_idx" ON "recycling_bookings" USING btree ("offered_at") WHERE "recycling_bookings"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "recycling_collectors_company_idx" ON "recycling_collectors" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recycling_collectors_filing_uq" ON "recycling_collectors" USING btree ("filing_no");--> statement-breakpoint
CREATE UNIQUE INDEX "recycling_collectors_user_uq" ON "recycling_collectors" USING btree ("user_id") WHERE "recycling_collectors"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "recycling_price_lists_company_idx" ON "recycling_price_lists" USING btree ("company_id","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recycling_prices_uq" ON "recycling_prices" USING btree ("list_id","category","appliance_type");--> statement-breakpoint
CREATE UNIQUE INDEX "green_points_booking_uq" ON "green_points" USING btree ("booking_id") WHERE "green_points"."kind" = 'earn' AND "green_points"."booking_id" IS NOT NULL;--> statement-breakpoint
-- hand-written: the steps of a booking, what the collector recorded, and the price lists are append-only.
CREATE OR REPLACE FUNCTION recycling_bookings_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'recycling booking records are append-only: record a correction as a new entry';
END $$;
--> statement-breakpoint
CREATE TRIGGER recycling_booking_events_no_change BEFORE UPDATE OR DELETE ON recycling_booking_events FOR EACH ROW EXECUTE FUNCTION recycling_bookings_refuse_change();
--> statement-breakpoint
CREATE TRIGGER recycling_booking_lines_no_change BEFORE UPDATE OR DELETE ON recycling_booking_lines FOR EACH ROW EXECUTE FUNCTION recycling_bookings_refuse_change();
--> statement-breakpoint
CREATE TRIGGER recycling_price_lists_no_change BEFORE UPDATE OR DELETE ON recycling_price_lists FOR EACH ROW EXECUTE FUNCTION recycling_bookings_refuse_change();
--> statement-breakpoint
CREATE TRIGGER recycling_prices_no_change BEFORE UPDATE OR DELETE ON recycling_prices FOR EACH ROW EXECUTE FUNCTION recycling_bookings_refuse_change();
