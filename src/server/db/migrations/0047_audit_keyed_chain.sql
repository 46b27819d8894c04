CREATE TABLE "audit_chain_anchor" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"legacy_max_id" bigint NOT NULL,
	"legacy_max_seq" bigint NOT NULL,
	"key_id" text
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "mac" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "written_at" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "written_by" text;--> statement-breakpoint
-- Rows sealed so far stay verifiable with the plain SHA-256 chain; rows written before this
-- migration and not sealed yet have no MAC and are sealed as `legacy`. Later rows need a valid MAC.
INSERT INTO "audit_chain_anchor" ("id", "legacy_max_id", "legacy_max_seq")
  SELECT 1, coalesce(max("id"), 0), coalesce(max("seq"), 0) FROM "audit_log";--> statement-breakpoint
ALTER TABLE "audit_chain_anchor" ADD CONSTRAINT "audit_chain_anchor_one_row" CHECK ("id" = 1);--> statement-breakpoint
-- The anchor changes once: the sealing key's id is set when it was empty; nothing else.
CREATE OR REPLACE FUNCTION audit_chain_anchor_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.key_id IS NULL AND NEW.key_id IS NOT NULL AND NEW.id = OLD.id
     AND NEW.legacy_max_id = OLD.legacy_max_id AND NEW.legacy_max_seq = OLD.legacy_max_seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_anchor is fixed (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_chain_anchor_fixed BEFORE UPDATE OR DELETE ON audit_chain_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_chain_anchor_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_chain_anchor_no_truncate BEFORE TRUNCATE ON audit_chain_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_anchor_refuse_change();--> statement-breakpoint
-- Sealing now also sets `origin`, once, with seq and the hashes.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL AND OLD.origin IS NULL AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
     AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash' - 'origin') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' - 'origin') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
-- Every inserted row is unsealed and stamped by the database itself: when it was inserted and by
-- which role and client, whatever the INSERT says. A back-dated row shows its real insert time.
CREATE OR REPLACE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.written_at := clock_timestamp();
  NEW.written_by := session_user || coalesce('/' || nullif(current_setting('application_name', true), ''), '');
  NEW.seq := NULL;
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  NEW.origin := NULL;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();
