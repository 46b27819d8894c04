CREATE TABLE "complaint_holidays" (
	"region_code" text NOT NULL,
	"day" date NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"category" text NOT NULL,
	"domain" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"action" text NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"domain" text,
	"user_id" uuid,
	"by_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_no" text NOT NULL,
	"follow_code_hash" text NOT NULL,
	"public_token" text NOT NULL,
	"category" text NOT NULL,
	"region_code" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"address" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"photos" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"reporter_user_id" uuid,
	"source" text NOT NULL,
	"api_token_id" uuid,
	"status" text NOT NULL,
	"domain" text,
	"assigned_region" text,
	"duplicate_of" uuid,
	"accept_due" timestamp with time zone NOT NULL,
	"close_due" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"answer" text,
	"stars" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "complaints_stars" CHECK ("complaints"."stars" IS NULL OR "complaints"."stars" BETWEEN 1 AND 5),
	CONSTRAINT "complaints_lon" CHECK ("complaints"."lon" BETWEEN -180 AND 180),
	CONSTRAINT "complaints_lat" CHECK ("complaints"."lat" BETWEEN -90 AND 90),
	CONSTRAINT "complaints_place" CHECK ("complaints"."lon" IS NOT NULL OR "complaints"."address" <> '')
);
--> statement-breakpoint
ALTER TABLE "complaint_steps" ADD CONSTRAINT "complaint_steps_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_holidays_uq" ON "complaint_holidays" USING btree ("region_code","day");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_routes_uq" ON "complaint_routes" USING btree ("region_code","category");--> statement-breakpoint
CREATE INDEX "complaint_steps_complaint_idx" ON "complaint_steps" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_no_uq" ON "complaints" USING btree ("complaint_no");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_token_uq" ON "complaints" USING btree ("public_token");--> statement-breakpoint
CREATE INDEX "complaints_region_idx" ON "complaints" USING btree ("region_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "complaints_queue_idx" ON "complaints" USING btree ("domain","status","created_at");--> statement-breakpoint
CREATE INDEX "complaints_category_idx" ON "complaints" USING btree ("category","status");--> statement-breakpoint
CREATE INDEX "complaints_reporter_idx" ON "complaints" USING btree ("reporter_user_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_place_idx" ON "complaints" USING btree ("lat","lon");--> statement-breakpoint
-- hand-written: the steps of a report are append-only (a correction is a new step).
CREATE OR REPLACE FUNCTION complaint_steps_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'complaint steps are append-only: record a correction as a new step';
END $$;
--> statement-breakpoint
CREATE TRIGGER complaint_steps_no_change BEFORE UPDATE OR DELETE ON complaint_steps FOR EACH ROW EXECUTE FUNCTION complaint_steps_refuse_change();
