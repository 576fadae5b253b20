-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN     "districtCode" TEXT,
ADD COLUMN     "lastEventAt" TIMESTAMP(3),
ADD COLUMN     "recognisedAt" TIMESTAMP(3),
ADD COLUMN     "reportLate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reportStage" TEXT;

-- CreateIndex
CREATE INDEX "Dossier_districtCode_reportStage_reportLate_createdAt_lastE_idx" ON "Dossier"("districtCode", "reportStage", "reportLate", "createdAt", "lastEventAt");

-- CreateIndex
CREATE INDEX "Dossier_lastEventAt_idx" ON "Dossier"("lastEventAt");

-- CreateIndex
CREATE INDEX "Dossier_reportStage_idx" ON "Dossier"("reportStage");

-- CreateIndex
CREATE INDEX "Dossier_recognisedAt_idx" ON "Dossier"("recognisedAt");

-- CreateIndex
CREATE INDEX "Unit_validFrom_idx" ON "Unit"("validFrom");

-- CreateIndex
CREATE INDEX "Unit_validTo_idx" ON "Unit"("validTo");

-- Backfill (issue 18): what the pipeline report counts, for every dossier already there, as
-- store/report-facts.ts works it out when the projection writes a row: the stage and late flag as its
-- timeline says (the row's own while it has none), the first recognition, the newest event, and the
-- unit's nearest district (itself or an ancestor by parentCode, the empty string when none).
UPDATE "Dossier" SET
  "reportStage" = COALESCE((SELECT t."toStage" FROM "TimelineEntry" t WHERE t."dossierId" = "Dossier"."id" ORDER BY t."seq" DESC LIMIT 1), "stage"),
  "reportLate" = CASE
    WHEN EXISTS (SELECT 1 FROM "TimelineEntry" t WHERE t."dossierId" = "Dossier"."id")
      THEN EXISTS (SELECT 1 FROM "TimelineEntry" t WHERE t."dossierId" = "Dossier"."id" AND t."type" = 'deadline.expired')
    ELSE "late" END,
  "recognisedAt" = (SELECT t."at" FROM "TimelineEntry" t WHERE t."dossierId" = "Dossier"."id" AND t."toStage" = 'recognised' ORDER BY t."seq" ASC LIMIT 1),
  "lastEventAt" = (SELECT MAX(t."at") FROM "TimelineEntry" t WHERE t."dossierId" = "Dossier"."id"),
  "districtCode" = COALESCE((
    SELECT CASE
      WHEN u0."level" = 'district' THEN u0."code"
      WHEN u1."level" = 'district' THEN u1."code"
      WHEN u2."level" = 'district' THEN u2."code"
      WHEN u3."level" = 'district' THEN u3."code"
      WHEN u4."level" = 'district' THEN u4."code"
      WHEN u5."level" = 'district' THEN u5."code"
      ELSE '' END
    FROM "Unit" u0
    LEFT JOIN "Unit" u1 ON u1."code" = u0."parentCode"
    LEFT JOIN "Unit" u2 ON u2."code" = u1."parentCode"
    LEFT JOIN "Unit" u3 ON u3."code" = u2."parentCode"
    LEFT JOIN "Unit" u4 ON u4."code" = u3."parentCode"
    LEFT JOIN "Unit" u5 ON u5."code" = u4."parentCode"
    WHERE u0."code" = "Dossier"."unitCode"), '');
