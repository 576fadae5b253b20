-- CreateTable
CREATE TABLE "Installation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "installationId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "temporalAddress" TEXT,
    "temporalNamespace" TEXT,
    "temporalMarkedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Installation_installationId_key" ON "Installation"("installationId");
