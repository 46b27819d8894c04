CREATE TABLE "green_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"waste_class" text NOT NULL,
	"weight_kg" numeric(8, 2),
	"delivered_at" timestamp with time zone NOT NULL,
	"bin_ref" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "green_grades" (
	"delivery_id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"graded_by" text NOT NULL,
	"graded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "green_households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"county_code" text NOT NULL,
	"place_id" uuid NOT NULL,
	"address" text NOT NULL,
	"card_no" text NOT NULL,
	"qr_token" text NOT NULL,
	"user_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "green_point_draws" (
	"entry_id" uuid NOT NULL,
	"earn_id" uuid NOT NULL,
	"points" integer NOT NULL,
	CONSTRAINT "green_point_draws_entry_id_earn_id_pk" PRIMARY KEY("entry_id","earn_id")
);
--> statement-breakpoint
CREATE TABLE "green_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"points" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"delivery_id" uuid,
	"lapsed_id" uuid,
	"goods" text,
	"quantity" integer,
	"facility_id" uuid,
	"recorded_by" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "green_points_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
CREATE INDEX "green_deliveries_household_idx" ON "green_deliveries" USING btree ("household_id","delivered_at");--> statement-breakpoint
CREATE INDEX "green_deliveries_place_idx" ON "green_deliveries" USING btree ("place_id","delivered_at");--> statement-breakpoint
CREATE INDEX "green_deliveries_facility_idx" ON "green_deliveries" USING btree ("facility_id","delivered_at");--> statement-breakpoint
CREATE INDEX "green_deliveries_region_idx" ON "green_deliveries" USING btree ("region_code" text_pattern_ops,"delivered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "green_deliveries_bin_ref_uq" ON "green_deliveries" USING btree ("facility_id","bin_ref") WHERE "green_deliveries"."bin_ref" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "green_grades_place_idx" ON "green_grades" USING btree ("place_id","delivered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "green_households_county_card_uq" ON "green_households" USING btree ("county_code","card_no");--> statement-breakpoint
CREATE UNIQUE INDEX "green_households_qr_uq" ON "green_households" USING btree ("qr_token");--> statement-breakpoint
CREATE INDEX "green_households_card_idx" ON "green_households" USING btree ("card_no");--> statement-breakpoint
CREATE UNIQUE INDEX "green_households_user_uq" ON "green_households" USING btree ("user_id") WHERE "green_households"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "green_households_place_idx" ON "green_households" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "green_households_region_idx" ON "green_households" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "green_point_draws_earn_idx" ON "green_point_draws" USING btree ("earn_id");--> statement-breakpoint
CREATE INDEX "green_points_household_idx" ON "green_points" USING btree ("household_id","at");--> statement-breakpoint
CREATE INDEX "green_points_earn_expiry_idx" ON "green_points" USING btree ("household_id","expires_at") WHERE "green_points"."kind" = 'earn';--> statement-breakpoint
CREATE UNIQUE INDEX "green_points_delivery_uq" ON "green_points" USING btree ("delivery_id") WHERE "green_points"."kind" = 'earn';--> statement-breakpoint
CREATE UNIQUE INDEX "green_points_lapsed_uq" ON "green_points" USING btree ("lapsed_id") WHERE "green_points"."kind" = 'expire';--> statement-breakpoint
CREATE OR REPLACE FUNCTION green_points_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the green-account points ledger is append-only: write a new entry';
END $$;
--> statement-breakpoint
CREATE TRIGGER green_points_no_change BEFORE UPDATE OR DELETE ON green_points
  FOR EACH ROW EXECUTE FUNCTION green_points_refuse_change();
--> statement-breakpoint
CREATE TRIGGER green_point_draws_no_change BEFORE UPDATE OR DELETE ON green_point_draws
  FOR EACH ROW EXECUTE FUNCTION green_points_refuse_change();
--> statement-breakpoint
CREATE TRIGGER green_grades_no_change BEFORE UPDATE OR DELETE ON green_grades
  FOR EACH ROW EXECUTE FUNCTION green_points_refuse_change();
