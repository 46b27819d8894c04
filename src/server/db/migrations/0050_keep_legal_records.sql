-- Records the law says to keep (README, "Retention"): hazardous-waste manifests and their steps, batches
-- and ledger movements ten years, declarations with them, pesticide and fertiliser ledgers two years.
-- The application never deletes them (a manifest changes state, a ledger is corrected by a new
-- movement); these triggers make the database refuse a DELETE or TRUNCATE too, so no sweep, script or
-- slip of a hand can end them early. Nothing here is a retention sweep: they are kept without end.
CREATE OR REPLACE FUNCTION legal_record_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is a record kept for its legal period: it is never deleted (correct it with a new record)', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['manifests', 'manifest_signatures', 'manifest_events', 'manifest_batches', 'manifest_revisions', 'waste_batches',
    'ledger_movements', 'declarations', 'pesticide_sales', 'pesticide_returns', 'pesticide_receipts', 'pesticide_refunds', 'fertiliser_sales'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I FOR EACH ROW EXECUTE FUNCTION legal_record_refuse_delete()', t || '_kept', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION legal_record_refuse_delete()', t || '_kept_whole', t);
  END LOOP;
END $$;
