ALTER TABLE "indicator_values" ALTER COLUMN "value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD COLUMN "verdict" text;