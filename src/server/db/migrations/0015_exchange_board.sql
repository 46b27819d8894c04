CREATE TABLE "exchange_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"from_organisation_id" uuid NOT NULL,
	"from_listing_id" uuid,
	"message" text NOT NULL,
	"reply" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exchange_deals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"offer_listing_id" uuid,
	"demand_listing_id" uuid,
	"waste_class" text NOT NULL,
	"quantity_t" numeric(14, 3) NOT NULL,
	"agreed_on" date NOT NULL,
	"manifest_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"waste_class" text NOT NULL,
	"title" text NOT NULL,
	"quantity_t" numeric(14, 3) NOT NULL,
	"frequency" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"longitude" double precision,
	"latitude" double precision,
	"composition" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"valid_until" date,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "exchange_contacts_listing_idx" ON "exchange_contacts" USING btree ("listing_id","created_at");--> statement-breakpoint
CREATE INDEX "exchange_contacts_from_idx" ON "exchange_contacts" USING btree ("from_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "exchange_deals_region_idx" ON "exchange_deals" USING btree ("region_code" text_pattern_ops,"agreed_on");--> statement-breakpoint
CREATE INDEX "exchange_deals_parties_idx" ON "exchange_deals" USING btree ("supplier_id","buyer_id");--> statement-breakpoint
CREATE INDEX "exchange_deals_class_idx" ON "exchange_deals" USING btree ("waste_class","agreed_on");--> statement-breakpoint
CREATE INDEX "exchange_listings_match_idx" ON "exchange_listings" USING btree ("waste_class","kind","status");--> statement-breakpoint
CREATE INDEX "exchange_listings_region_idx" ON "exchange_listings" USING btree ("region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "exchange_listings_org_idx" ON "exchange_listings" USING btree ("organisation_id","created_at");