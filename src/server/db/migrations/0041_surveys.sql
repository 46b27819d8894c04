CREATE TABLE "survey_bindings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"question_key" text NOT NULL,
	"indicator_id" uuid NOT NULL,
	"formula" text NOT NULL,
	"rule" jsonb NOT NULL,
	"bound_by" uuid NOT NULL,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_by" uuid,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "survey_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"answers" jsonb NOT NULL,
	"device_id" text NOT NULL,
	"phone_hmac" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"questions" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"closes_on" date,
	"follows" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "surveys_status" CHECK ("surveys"."status" IN ('draft', 'published', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "survey_bindings" ADD CONSTRAINT "survey_bindings_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_bindings_active_uq" ON "survey_bindings" USING btree ("survey_id","indicator_id") WHERE "survey_bindings"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "survey_bindings_formula_idx" ON "survey_bindings" USING btree ("formula","survey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_device_uq" ON "survey_responses" USING btree ("survey_id","device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_phone_uq" ON "survey_responses" USING btree ("survey_id","phone_hmac") WHERE "survey_responses"."phone_hmac" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("survey_id","submitted_at");--> statement-breakpoint
CREATE INDEX "survey_responses_region_idx" ON "survey_responses" USING btree ("region_code" text_pattern_ops,"submitted_at");--> statement-breakpoint
CREATE INDEX "surveys_region_idx" ON "surveys" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
-- hand-written: a survey's answers are append-only (a respondent's second word is not taken; nobody edits an answer).
CREATE OR REPLACE FUNCTION survey_responses_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'survey answers are append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER survey_responses_no_change BEFORE UPDATE OR DELETE ON survey_responses FOR EACH ROW EXECUTE FUNCTION survey_responses_refuse_change();
