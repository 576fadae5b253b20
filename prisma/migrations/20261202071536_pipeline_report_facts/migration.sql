-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Dossier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitCode" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "planYear" INTEGER NOT NULL,
    "criteriaSetId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "nextDeadline" DATETIME,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "decisionNumber" TEXT,
    "decisionDate" TEXT,
    "state" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "reportStage" TEXT,
    "reportLate" BOOLEAN NOT NULL DEFAULT false,
    "recognisedAt" DATETIME,
    "lastEventAt" DATETIME,
    "districtCode" TEXT,
    CONSTRAINT "Dossier_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "Unit" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Dossier" ("createdAt", "criteriaSetId", "decisionDate", "decisionNumber", "id", "late", "level", "nextDeadline", "planYear", "runId", "stage", "state", "status", "title", "unitCode", "updatedAt", "version", "workflowId") SELECT "createdAt", "criteriaSetId", "decisionDate", "decisionNumber", "id", "late", "level", "nextDeadline", "planYear", "runId", "stage", "state", "status", "title", "unitCode", "updatedAt", "version", "workflowId" FROM "Dossier";
DROP TABLE "Dossier";
ALTER TABLE "new_Dossier" RENAME TO "Dossier";
CREATE INDEX "Dossier_unitCode_title_planYear_stage_late_idx" ON "Dossier"("unitCode", "title", "planYear", "stage", "late");
CREATE INDEX "Dossier_stage_idx" ON "Dossier"("stage");
CREATE INDEX "Dossier_planYear_idx" ON "Dossier"("planYear");
CREATE INDEX "Dossier_updatedAt_id_idx" ON "Dossier"("updatedAt" DESC, "id");
CREATE INDEX "Dossier_districtCode_reportStage_reportLate_createdAt_lastEventAt_idx" ON "Dossier"("districtCode", "reportStage", "reportLate", "createdAt", "lastEventAt");
CREATE INDEX "Dossier_lastEventAt_idx" ON "Dossier"("lastEventAt");
CREATE INDEX "Dossier_reportStage_idx" ON "Dossier"("reportStage");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
