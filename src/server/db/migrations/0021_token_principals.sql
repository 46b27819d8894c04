ALTER TABLE "api_tokens" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "kind" text DEFAULT 'person' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Each existing token gets its machine account, so that what it writes is recorded under it.
INSERT INTO "users" ("username", "password_hash", "display_name", "role", "organisation_id", "region_code", "kind")
SELECT 'token:' || t."prefix", '!', '接口令牌：' || t."name", 'enterprise_member', t."organisation_id", o."region_code", 'machine'
FROM "api_tokens" t JOIN "organisations" o ON o."id" = t."organisation_id"
WHERE t."user_id" IS NULL;--> statement-breakpoint
UPDATE "api_tokens" t SET "user_id" = u."id" FROM "users" u WHERE t."user_id" IS NULL AND u."username" = 'token:' || t."prefix" AND u."kind" = 'machine';
