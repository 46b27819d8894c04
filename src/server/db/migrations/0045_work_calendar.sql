CREATE TABLE "work_calendar_days" (
	"region_code" text NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "work_calendar_days_uq" ON "work_calendar_days" USING btree ("region_code","day");--> statement-breakpoint
-- The complaints' holidays become the platform's working calendar (complaint_holidays is kept, read by nothing).
INSERT INTO "work_calendar_days" ("region_code", "day", "kind", "note") SELECT "region_code", "day", 'holiday', "note" FROM "complaint_holidays" ON CONFLICT DO NOTHING;
