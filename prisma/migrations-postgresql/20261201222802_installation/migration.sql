-- CreateTable
CREATE TABLE "Installation" (
    "id" INTEGER NOT NULL,
    "installationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "temporalAddress" TEXT,
    "temporalNamespace" TEXT,
    "temporalMarkedAt" TIMESTAMP(3),

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Installation_installationId_key" ON "Installation"("installationId");
