-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "gsoCode" TEXT;

-- CreateTable
CREATE TABLE "CriteriaMark" (
    "id" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "criterion" TEXT NOT NULL,
    "met" BOOLEAN NOT NULL,
    "asOf" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CriteriaMark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "setId" TEXT NOT NULL DEFAULT '',
    "asOf" TEXT NOT NULL DEFAULT '',
    "rows" INTEGER NOT NULL,
    "written" INTEGER NOT NULL,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "rejected" TEXT NOT NULL DEFAULT '[]',
    "actorId" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadlineSummary" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "deadlineId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "due" TEXT NOT NULL,
    "onTime" TEXT NOT NULL DEFAULT '[]',
    "late" TEXT NOT NULL DEFAULT '[]',
    "missing" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeadlineSummary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CriteriaMark_setId_asOf_idx" ON "CriteriaMark"("setId", "asOf");

-- CreateIndex
CREATE INDEX "CriteriaMark_unitCode_idx" ON "CriteriaMark"("unitCode");

-- CreateIndex
CREATE UNIQUE INDEX "CriteriaMark_unitCode_setId_criterion_asOf_key" ON "CriteriaMark"("unitCode", "setId", "criterion", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "ImportBatch_kind_sha256_setId_asOf_key" ON "ImportBatch"("kind", "sha256", "setId", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "DeadlineSummary_planId_deadlineId_key" ON "DeadlineSummary"("planId", "deadlineId");
