-- Alarms and declarations keyed by region first (docs/scale-out.md, src/server/db/large-tables.ts):
-- the id stays unique on its own index, made before the old key goes, so no moment lacks it.
CREATE UNIQUE INDEX "declarations_id_uq" ON "declarations" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "alarms_id_uq" ON "alarms" USING btree ("id");--> statement-breakpoint
ALTER TABLE "declarations" DROP CONSTRAINT "declarations_pkey";--> statement-breakpoint
ALTER TABLE "alarms" DROP CONSTRAINT "alarms_pkey";--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_region_code_id_pk" PRIMARY KEY("region_code","id");--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_region_code_id_pk" PRIMARY KEY("region_code","id");
