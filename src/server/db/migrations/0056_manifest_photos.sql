CREATE TABLE "manifest_photos" (
	"name" text PRIMARY KEY NOT NULL,
	"manifest_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"mime" text NOT NULL,
	"bytes" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "manifest_signatures" ADD COLUMN "photos" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "manifest_photos_manifest_idx" ON "manifest_photos" USING btree ("manifest_id","user_id");