CREATE TABLE "recycling_progress_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"percent" integer NOT NULL,
	"text" text NOT NULL,
	"task_progress_id" uuid NOT NULL,
	CONSTRAINT "recycling_progress_lines_percent" CHECK ("recycling_progress_lines"."percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "recycling_progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"month" text NOT NULL,
	"stations_built" integer NOT NULL,
	"sorting_centre" text NOT NULL,
	"malls_created" integer NOT NULL,
	"recovered_t" numeric(12, 2),
	"note" text DEFAULT '' NOT NULL,
	"supersedes" uuid,
	"filed_by" uuid NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recycling_progress_reports_counts" CHECK ("recycling_progress_reports"."stations_built" >= 0 AND "recycling_progress_reports"."malls_created" >= 0 AND ("recycling_progress_reports"."recovered_t" IS NULL OR "recycling_progress_reports"."recovered_t" >= 0))
);
--> statement-breakpoint
CREATE TABLE "recycling_report_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"city_code" text NOT NULL,
	"region_code" text NOT NULL,
	"months" text[] NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"notice_id" uuid,
	"organisation_id" uuid NOT NULL,
	"sent_by" uuid NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cell_application_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cell_id" uuid NOT NULL,
	"step" text NOT NULL,
	"data" jsonb NOT NULL,
	"decided_on" date,
	"organisation_id" uuid NOT NULL,
	"by_user" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cell_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recycling_progress_lines" ADD CONSTRAINT "recycling_progress_lines_report_id_recycling_progress_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."recycling_progress_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_progress_lines" ADD CONSTRAINT "recycling_progress_lines_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_progress_lines" ADD CONSTRAINT "recycling_progress_lines_task_progress_id_task_progress_id_fk" FOREIGN KEY ("task_progress_id") REFERENCES "public"."task_progress"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_progress_reports" ADD CONSTRAINT "recycling_progress_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recycling_report_actions" ADD CONSTRAINT "recycling_report_actions_notice_id_task_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."task_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cell_application_steps" ADD CONSTRAINT "cell_application_steps_cell_id_cell_applications_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."cell_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cell_applications" ADD CONSTRAINT "cell_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recycling_progress_lines_report_idx" ON "recycling_progress_lines" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "recycling_progress_reports_region_idx" ON "recycling_progress_reports" USING btree ("region_code" text_pattern_ops,"month","filed_at");--> statement-breakpoint
CREATE INDEX "recycling_report_actions_region_idx" ON "recycling_report_actions" USING btree ("region_code" text_pattern_ops,"sent_at");--> statement-breakpoint
CREATE INDEX "recycling_report_actions_city_idx" ON "recycling_report_actions" USING btree ("city_code","sent_at");--> statement-breakpoint
CREATE INDEX "cell_application_steps_cell_idx" ON "cell_application_steps" USING btree ("cell_id","at");--> statement-breakpoint
CREATE INDEX "cell_application_steps_named_idx" ON "cell_application_steps" USING btree ("step","decided_on");--> statement-breakpoint
CREATE UNIQUE INDEX "cell_applications_org_kind_uq" ON "cell_applications" USING btree ("organisation_id","kind");--> statement-breakpoint
CREATE INDEX "cell_applications_region_idx" ON "cell_applications" USING btree ("region_code" text_pattern_ops,"kind");
--> statement-breakpoint
-- hand-written: the monthly reports, their lines, the reminders and notices and the cells' steps are append-only (a correction is a new filing or a new step).
CREATE OR REPLACE FUNCTION recycling_reports_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'monthly progress reports, reminders and zero-waste cell steps are append-only: file again or add a step';
END $$;
--> statement-breakpoint
CREATE TRIGGER recycling_progress_reports_no_change BEFORE UPDATE OR DELETE ON recycling_progress_reports
  FOR EACH ROW EXECUTE FUNCTION recycling_reports_refuse_change();
--> statement-breakpoint
CREATE TRIGGER recycling_progress_lines_no_change BEFORE UPDATE OR DELETE ON recycling_progress_lines
  FOR EACH ROW EXECUTE FUNCTION recycling_reports_refuse_change();
--> statement-breakpoint
CREATE TRIGGER recycling_report_actions_no_change BEFORE UPDATE OR DELETE ON recycling_report_actions
  FOR EACH ROW EXECUTE FUNCTION recycling_reports_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cell_application_steps_no_change BEFORE UPDATE OR DELETE ON cell_application_steps
  FOR EACH ROW EXECUTE FUNCTION recycling_reports_refuse_change();
