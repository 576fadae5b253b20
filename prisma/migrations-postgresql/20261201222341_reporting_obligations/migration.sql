-- CreateTable
CREATE TABLE "ReportingObligation" (
    "id" TEXT NOT NULL,
    "ownerUnitCode" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "validFrom" TEXT NOT NULL,
    "validTo" TEXT,
    "workflowId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportingObligation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportingPeriodTask" (
    "id" TEXT NOT NULL,
    "obligationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "reporter" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "escalationAt" TIMESTAMP(3),
    "firstSubmittedAt" TIMESTAMP(3),
    "lastSubmittedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "returns" INTEGER NOT NULL DEFAULT 0,
    "documentRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportingPeriodTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportingTaskEvent" (
    "eventId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "reasonVi" TEXT,
    "documentRef" TEXT,

    CONSTRAINT "ReportingTaskEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE INDEX "ReportingObligation_ownerUnitCode_idx" ON "ReportingObligation"("ownerUnitCode");

-- CreateIndex
CREATE INDEX "ReportingPeriodTask_obligationId_idx" ON "ReportingPeriodTask"("obligationId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportingPeriodTask_obligationId_periodKey_reporter_key" ON "ReportingPeriodTask"("obligationId", "periodKey", "reporter");

-- CreateIndex
CREATE INDEX "ReportingTaskEvent_taskId_idx" ON "ReportingTaskEvent"("taskId");
