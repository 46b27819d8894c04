ALTER TABLE "indicators" ADD COLUMN "lead" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Plans imported before: the lead column's text as the table wrote it, from the row's original cells.
UPDATE "indicators" i SET "lead" = btrim(c.value)
FROM (SELECT x.id, (SELECT e.value FROM jsonb_each_text(x.original) e WHERE e.key LIKE '%牵头%' ORDER BY e.key LIMIT 1) AS value FROM "indicators" x) c
WHERE c.id = i.id AND c.value IS NOT NULL AND i."lead" = '';
