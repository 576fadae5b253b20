-- CreateTable
CREATE TABLE "ReportingObligation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerUnitCode" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "validFrom" TEXT NOT NULL,
    "validTo" TEXT,
    "workflowId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReportingPeriodTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "obligationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "reporter" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "dueAt" DATETIME NOT NULL,
    "escalationAt" DATETIME,
    "firstSubmittedAt" DATETIME,
    "lastSubmittedAt" DATETIME,
    "acceptedAt" DATETIME,
    "escalatedAt" DATETIME,
    "returns" INTEGER NOT NULL DEFAULT 0,
    "documentRef" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReportingTaskEvent" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "reasonVi" TEXT,
    "documentRef" TEXT
);

-- CreateIndex
CREATE INDEX "ReportingObligation_ownerUnitCode_idx" ON "ReportingObligation"("ownerUnitCode");

-- CreateIndex
CREATE INDEX "ReportingPeriodTask_obligationId_idx" ON "ReportingPeriodTask"("obligationId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportingPeriodTask_obligationId_periodKey_reporter_key" ON "ReportingPeriodTask"("obligationId", "periodKey", "reporter");

-- CreateIndex
CREATE INDEX "ReportingTaskEvent_taskId_idx" ON "ReportingTaskEvent"("taskId");
