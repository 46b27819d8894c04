CREATE TABLE "credit_blacklist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"reason" text NOT NULL,
	"decision_no" text NOT NULL,
	"listed_from" date NOT NULL,
	"listed_until" date,
	"listed_by" uuid NOT NULL,
	"listed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_blacklist_dates" CHECK ("credit_blacklist"."listed_until" IS NULL OR "credit_blacklist"."listed_until" > "credit_blacklist"."listed_from")
);
--> statement-breakpoint
CREATE TABLE "credit_blacklist_lifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"lifted_on" date NOT NULL,
	"reason" text NOT NULL,
	"lifted_by" uuid NOT NULL,
	"lifted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_event_ends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"cause" text NOT NULL,
	"ended_on" date NOT NULL,
	"reason" text NOT NULL,
	"repair_id" uuid,
	"ended_by" uuid NOT NULL,
	"ended_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"reason_en" text DEFAULT '' NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"link" text,
	"source_key" text,
	"decision_no" text,
	"legal_basis" text,
	"occurred_on" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_events_validity" CHECK ("credit_events"."valid_until" > "credit_events"."valid_from"),
	CONSTRAINT "credit_events_penalty" CHECK ("credit_events"."kind" <> 'penalty' OR ("credit_events"."decision_no" IS NOT NULL AND "credit_events"."legal_basis" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "credit_rating_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"region_code" text NOT NULL,
	"scheme" integer NOT NULL,
	"base_score" integer NOT NULL,
	"scored_on" date NOT NULL,
	"enterprises" integer NOT NULL,
	"rated_by" uuid NOT NULL,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"score" integer NOT NULL,
	"grade" text NOT NULL,
	"blacklisted" boolean NOT NULL,
	"events" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_repair_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repair_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_repairs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"rectification" text NOT NULL,
	"evidence" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_blacklist" ADD CONSTRAINT "credit_blacklist_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_blacklist_lifts" ADD CONSTRAINT "credit_blacklist_lifts_entry_id_credit_blacklist_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."credit_blacklist"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_event_ends" ADD CONSTRAINT "credit_event_ends_event_id_credit_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."credit_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ratings" ADD CONSTRAINT "credit_ratings_run_id_credit_rating_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."credit_rating_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ratings" ADD CONSTRAINT "credit_ratings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_repair_decisions" ADD CONSTRAINT "credit_repair_decisions_repair_id_credit_repairs_id_fk" FOREIGN KEY ("repair_id") REFERENCES "public"."credit_repairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_repairs" ADD CONSTRAINT "credit_repairs_event_id_credit_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."credit_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_blacklist_org_idx" ON "credit_blacklist" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "credit_blacklist_region_idx" ON "credit_blacklist" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "credit_blacklist_lifts_entry_uq" ON "credit_blacklist_lifts" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_event_ends_event_uq" ON "credit_event_ends" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_events_source_uq" ON "credit_events" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "credit_events_org_idx" ON "credit_events" USING btree ("organisation_id","valid_until");--> statement-breakpoint
CREATE INDEX "credit_events_region_idx" ON "credit_events" USING btree ("region_code" text_pattern_ops,"recorded_at");--> statement-breakpoint
CREATE INDEX "credit_rating_runs_region_idx" ON "credit_rating_runs" USING btree ("region_code" text_pattern_ops,"year","rated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_ratings_run_org_uq" ON "credit_ratings" USING btree ("run_id","organisation_id");--> statement-breakpoint
CREATE INDEX "credit_ratings_year_idx" ON "credit_ratings" USING btree ("region_code" text_pattern_ops,"year");--> statement-breakpoint
CREATE INDEX "credit_ratings_org_idx" ON "credit_ratings" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_repair_decisions_repair_uq" ON "credit_repair_decisions" USING btree ("repair_id");--> statement-breakpoint
CREATE INDEX "credit_repairs_org_idx" ON "credit_repairs" USING btree ("organisation_id","requested_at");--> statement-breakpoint
CREATE INDEX "credit_repairs_region_idx" ON "credit_repairs" USING btree ("region_code" text_pattern_ops,"requested_at");--> statement-breakpoint
CREATE INDEX "credit_repairs_event_idx" ON "credit_repairs" USING btree ("event_id");--> statement-breakpoint
-- hand-written: credit events, their early ends, the blacklist and its lifts, repairs and their decisions, and the ratings are append-only.
CREATE OR REPLACE FUNCTION credit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit records are append-only: record a correction, a repair or a lifting as a new entry';
END $$;
--> statement-breakpoint
CREATE TRIGGER credit_events_no_change BEFORE UPDATE OR DELETE ON credit_events FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_event_ends_no_change BEFORE UPDATE OR DELETE ON credit_event_ends FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_blacklist_no_change BEFORE UPDATE OR DELETE ON credit_blacklist FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_blacklist_lifts_no_change BEFORE UPDATE OR DELETE ON credit_blacklist_lifts FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_repairs_no_change BEFORE UPDATE OR DELETE ON credit_repairs FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_repair_decisions_no_change BEFORE UPDATE OR DELETE ON credit_repair_decisions FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_rating_runs_no_change BEFORE UPDATE OR DELETE ON credit_rating_runs FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_ratings_no_change BEFORE UPDATE OR DELETE ON credit_ratings FOR EACH ROW EXECUTE FUNCTION credit_refuse_change();
