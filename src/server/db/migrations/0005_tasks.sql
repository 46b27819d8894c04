CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"link" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"no" integer NOT NULL,
	"name" text NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"period" text DEFAULT '' NOT NULL,
	"investment_text" text DEFAULT '' NOT NULL,
	"investment_wan_yuan" numeric(14, 2),
	"funding" text DEFAULT '' NOT NULL,
	"progress" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"task_ids" uuid[] NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"period" text NOT NULL,
	"percent" integer NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reported_by" uuid NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"list" text NOT NULL,
	"section" text DEFAULT '' NOT NULL,
	"no" integer NOT NULL,
	"title" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"lead" text[] DEFAULT '{}'::text[] NOT NULL,
	"responsible" text[] DEFAULT '{}'::text[] NOT NULL,
	"cooperating" text[] DEFAULT '{}'::text[] NOT NULL,
	"deadline_text" text DEFAULT '' NOT NULL,
	"deadline" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("organisation_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_no_uq" ON "projects" USING btree ("region_code","no");--> statement-breakpoint
CREATE INDEX "task_notices_region_idx" ON "task_notices" USING btree ("region_code" text_pattern_ops,"issued_at");--> statement-breakpoint
CREATE INDEX "task_progress_task_idx" ON "task_progress" USING btree ("task_id","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_list_no_uq" ON "tasks" USING btree ("region_code","list","no");--> statement-breakpoint
CREATE INDEX "tasks_region_idx" ON "tasks" USING btree ("region_code" text_pattern_ops,"deadline");