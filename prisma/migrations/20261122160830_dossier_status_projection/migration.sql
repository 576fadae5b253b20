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
    CONSTRAINT "Dossier_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "Unit" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Dossier" ("createdAt", "criteriaSetId", "decisionDate", "decisionNumber", "id", "late", "level", "nextDeadline", "planYear", "runId", "stage", "state", "title", "unitCode", "updatedAt", "version", "workflowId") SELECT "createdAt", "criteriaSetId", "decisionDate", "decisionNumber", "id", "late", "level", "nextDeadline", "planYear", "runId", "stage", "state", "title", "unitCode", "updatedAt", "version", "workflowId" FROM "Dossier";
DROP TABLE "Dossier";
ALTER TABLE "new_Dossier" RENAME TO "Dossier";
CREATE INDEX "Dossier_unitCode_idx" ON "Dossier"("unitCode");
CREATE INDEX "Dossier_stage_idx" ON "Dossier"("stage");
CREATE INDEX "Dossier_planYear_idx" ON "Dossier"("planYear");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
