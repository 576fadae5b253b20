-- CreateIndex
CREATE INDEX "Dossier_updatedAt_idx" ON "Dossier"("updatedAt");
