CREATE TABLE "cell_checklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"version" integer NOT NULL,
	"pass_score" integer NOT NULL,
	"notice_days" integer NOT NULL,
	"criteria" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"organisation_id" uuid NOT NULL,
	"by_user" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cell_objection_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"objection_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"reply" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"by_user" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cell_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cell_id" uuid NOT NULL,
	"notice_step_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"contact" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cell_applications" ALTER COLUMN "organisation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cell_application_steps" ADD COLUMN "register_id" uuid;--> statement-breakpoint
ALTER TABLE "cell_applications" ADD COLUMN "name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cell_applications" ADD COLUMN "on_behalf_by" uuid;--> statement-breakpoint
ALTER TABLE "cell_applications" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "cell_applications" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "cell_objection_answers" ADD CONSTRAINT "cell_objection_answers_objection_id_cell_objections_id_fk" FOREIGN KEY ("objection_id") REFERENCES "public"."cell_objections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cell_objections" ADD CONSTRAINT "cell_objections_cell_id_cell_applications_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."cell_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cell_objections" ADD CONSTRAINT "cell_objections_notice_step_id_cell_application_steps_id_fk" FOREIGN KEY ("notice_step_id") REFERENCES "public"."cell_application_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cell_checklists_version_uq" ON "cell_checklists" USING btree ("kind","region_code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "cell_objection_answers_objection_uq" ON "cell_objection_answers" USING btree ("objection_id");--> statement-breakpoint
CREATE INDEX "cell_objections_cell_idx" ON "cell_objections" USING btree ("cell_id","at");--> statement-breakpoint
ALTER TABLE "cell_applications" ADD CONSTRAINT "cell_applications_on_behalf_by_organisations_id_fk" FOREIGN KEY ("on_behalf_by") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cell_application_steps_register_idx" ON "cell_application_steps" USING btree ("register_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cell_applications_behalf_uq" ON "cell_applications" USING btree ("kind","region_code","name") WHERE organisation_id IS NULL;--> statement-breakpoint
-- hand-written: the applications of 无废商场 made before this migration take their organisation's name.
UPDATE cell_applications a SET name = o.name FROM organisations o WHERE o.id = a.organisation_id AND a.name = '';
--> statement-breakpoint
-- hand-written: the office's checklist versions, the public's objections and the department's answers are append-only (a new version, a new answer is never a change).
CREATE OR REPLACE FUNCTION zero_waste_cells_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'zero-waste cell checklists, objections and answers are append-only: add a new version or entry';
END $$;
--> statement-breakpoint
CREATE TRIGGER cell_checklists_no_change BEFORE UPDATE OR DELETE ON cell_checklists
  FOR EACH ROW EXECUTE FUNCTION zero_waste_cells_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cell_objections_no_change BEFORE UPDATE OR DELETE ON cell_objections
  FOR EACH ROW EXECUTE FUNCTION zero_waste_cells_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cell_objection_answers_no_change BEFORE UPDATE OR DELETE ON cell_objection_answers
  FOR EACH ROW EXECUTE FUNCTION zero_waste_cells_refuse_change();
