-- DropIndex
DROP INDEX "Dossier_unitCode_idx";

-- DropIndex
DROP INDEX "Dossier_updatedAt_idx";

-- CreateIndex
CREATE INDEX "Dossier_unitCode_title_planYear_stage_late_idx" ON "Dossier"("unitCode", "title", "planYear", "stage", "late");

-- CreateIndex
CREATE INDEX "Dossier_updatedAt_id_idx" ON "Dossier"("updatedAt" DESC, "id");
