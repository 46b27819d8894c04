CREATE TABLE "pesticide_package_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"sale_id" uuid NOT NULL,
	"dealer_id" uuid NOT NULL,
	"package_type" text NOT NULL,
	"deposit_yuan" numeric(8, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pesticide_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"station_id" uuid NOT NULL,
	"receipt_no" text NOT NULL,
	"received_on" date NOT NULL,
	"source_kind" text NOT NULL,
	"dealer_id" uuid,
	"farmer_name" text DEFAULT '' NOT NULL,
	"bottle_count" integer NOT NULL,
	"bag_count" integer NOT NULL,
	"drum_count" integer NOT NULL,
	"weight_kg" numeric(10, 2) NOT NULL,
	"batch_id" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pesticide_receipts_source" CHECK (("pesticide_receipts"."source_kind" = 'dealer') = ("pesticide_receipts"."dealer_id" IS NOT NULL)),
	CONSTRAINT "pesticide_receipts_counts" CHECK ("pesticide_receipts"."bottle_count" >= 0 AND "pesticide_receipts"."bag_count" >= 0 AND "pesticide_receipts"."drum_count" >= 0 AND "pesticide_receipts"."bottle_count" + "pesticide_receipts"."bag_count" + "pesticide_receipts"."drum_count" > 0 AND "pesticide_receipts"."weight_kg" > 0)
);
--> statement-breakpoint
CREATE TABLE "pesticide_refunds" (
	"code" text PRIMARY KEY NOT NULL,
	"return_id" uuid NOT NULL,
	"refund_yuan" numeric(8, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pesticide_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"dealer_id" uuid NOT NULL,
	"returned_on" date NOT NULL,
	"returned_by" text DEFAULT '' NOT NULL,
	"bottle_count" integer NOT NULL,
	"bag_count" integer NOT NULL,
	"drum_count" integer NOT NULL,
	"weight_kg" numeric(10, 2) NOT NULL,
	"refund_yuan" numeric(10, 2) DEFAULT 0 NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pesticide_returns_counts" CHECK ("pesticide_returns"."bottle_count" >= 0 AND "pesticide_returns"."bag_count" >= 0 AND "pesticide_returns"."drum_count" >= 0 AND "pesticide_returns"."bottle_count" + "pesticide_returns"."bag_count" + "pesticide_returns"."drum_count" > 0)
);
--> statement-breakpoint
CREATE TABLE "pesticide_sales" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"dealer_id" uuid NOT NULL,
	"sold_on" date NOT NULL,
	"product_name" text NOT NULL,
	"registration_no" text NOT NULL,
	"active_ingredient" text NOT NULL,
	"content_pct" numeric(6, 3) NOT NULL,
	"package_type" text NOT NULL,
	"package_material" text NOT NULL,
	"package_size" text NOT NULL,
	"package_count" integer NOT NULL,
	"product_kg" numeric(12, 3) NOT NULL,
	"package_weight_g" numeric(8, 1) NOT NULL,
	"deposit_yuan" numeric(8, 2),
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pesticide_sales_positive" CHECK ("pesticide_sales"."package_count" > 0 AND "pesticide_sales"."product_kg" > 0 AND "pesticide_sales"."content_pct" > 0 AND "pesticide_sales"."content_pct" <= 100)
);
--> statement-breakpoint
CREATE TABLE "pesticide_utilisers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"action" text NOT NULL,
	"decision_no" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fertiliser_sales" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"dealer_id" uuid NOT NULL,
	"sold_on" date NOT NULL,
	"product_name" text NOT NULL,
	"registration_no" text DEFAULT '' NOT NULL,
	"n_pct" numeric(5, 2) NOT NULL,
	"p2o5_pct" numeric(5, 2) NOT NULL,
	"k2o_pct" numeric(5, 2) NOT NULL,
	"product_kg" numeric(12, 2) NOT NULL,
	"pure_kg" numeric(12, 3) NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fertiliser_sales_nutrients" CHECK ("fertiliser_sales"."n_pct" >= 0 AND "fertiliser_sales"."p2o5_pct" >= 0 AND "fertiliser_sales"."k2o_pct" >= 0 AND "fertiliser_sales"."n_pct" + "fertiliser_sales"."p2o5_pct" + "fertiliser_sales"."k2o_pct" > 0 AND "fertiliser_sales"."n_pct" + "fertiliser_sales"."p2o5_pct" + "fertiliser_sales"."k2o_pct" <= 100 AND "fertiliser_sales"."product_kg" > 0)
);
--> statement-breakpoint
ALTER TABLE "pesticide_package_codes" ADD CONSTRAINT "pesticide_package_codes_sale_id_pesticide_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."pesticide_sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pesticide_receipts" ADD CONSTRAINT "pesticide_receipts_station_id_organisations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pesticide_receipts" ADD CONSTRAINT "pesticide_receipts_dealer_id_organisations_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pesticide_refunds" ADD CONSTRAINT "pesticide_refunds_code_pesticide_package_codes_code_fk" FOREIGN KEY ("code") REFERENCES "public"."pesticide_package_codes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pesticide_refunds" ADD CONSTRAINT "pesticide_refunds_return_id_pesticide_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."pesticide_returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pesticide_returns" ADD CONSTRAINT "pesticide_returns_dealer_id_organisations_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pesticide_sales" ADD CONSTRAINT "pesticide_sales_dealer_id_organisations_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pesticide_utilisers" ADD CONSTRAINT "pesticide_utilisers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fertiliser_sales" ADD CONSTRAINT "fertiliser_sales_dealer_id_organisations_id_fk" FOREIGN KEY ("dealer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pesticide_package_codes_sale_idx" ON "pesticide_package_codes" USING btree ("sale_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pesticide_receipts_no_uq" ON "pesticide_receipts" USING btree ("station_id","receipt_no");--> statement-breakpoint
CREATE INDEX "pesticide_receipts_station_idx" ON "pesticide_receipts" USING btree ("station_id","received_on");--> statement-breakpoint
CREATE INDEX "pesticide_receipts_dealer_idx" ON "pesticide_receipts" USING btree ("dealer_id") WHERE "pesticide_receipts"."dealer_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "pesticide_receipts_region_idx" ON "pesticide_receipts" USING btree ("region_code" text_pattern_ops,"received_on");--> statement-breakpoint
CREATE INDEX "pesticide_refunds_return_idx" ON "pesticide_refunds" USING btree ("return_id");--> statement-breakpoint
CREATE INDEX "pesticide_returns_dealer_idx" ON "pesticide_returns" USING btree ("dealer_id","returned_on");--> statement-breakpoint
CREATE INDEX "pesticide_returns_region_idx" ON "pesticide_returns" USING btree ("region_code" text_pattern_ops,"returned_on");--> statement-breakpoint
CREATE INDEX "pesticide_sales_dealer_idx" ON "pesticide_sales" USING btree ("dealer_id","package_type","sold_on");--> statement-breakpoint
CREATE INDEX "pesticide_sales_region_idx" ON "pesticide_sales" USING btree ("region_code" text_pattern_ops,"sold_on");--> statement-breakpoint
CREATE INDEX "pesticide_utilisers_org_idx" ON "pesticide_utilisers" USING btree ("organisation_id","recorded_at");--> statement-breakpoint
CREATE INDEX "pesticide_utilisers_region_idx" ON "pesticide_utilisers" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "fertiliser_sales_dealer_idx" ON "fertiliser_sales" USING btree ("dealer_id","sold_on");--> statement-breakpoint
CREATE INDEX "fertiliser_sales_region_idx" ON "fertiliser_sales" USING btree ("region_code" text_pattern_ops,"sold_on");