-- DropIndex
DROP INDEX "CriteriaMark_unitCode_setId_criterion_asOf_key";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailPreference" TEXT NOT NULL DEFAULT 'immediate';

-- AlterTable
ALTER TABLE "CriteriaMark" ADD COLUMN     "document" TEXT,
ADD COLUMN     "dossierId" TEXT,
ADD COLUMN     "level" TEXT,
ADD COLUMN     "personId" TEXT,
ADD COLUMN     "personName" TEXT,
ADD COLUMN     "role" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'import',
ADD COLUMN     "sourceRef" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastFailureAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),
    "lockedAt" TIMESTAMP(3),

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("userId","key")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "number" TEXT,
    "issuedOn" TEXT,
    "issuer" TEXT,
    "attachTo" TEXT NOT NULL,
    "attachRef" TEXT,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "uploadedRole" TEXT NOT NULL,
    "uploadedUnit" TEXT,
    "uploadedAt" TIMESTAMP(3) NOT NULL,
    "auditEventId" TEXT NOT NULL,
    "replacedById" TEXT,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnBy" TEXT,
    "withdrawReason" TEXT,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

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
CREATE INDEX "IdempotencyKey_expiresAt_idx" ON "IdempotencyKey"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Document_auditEventId_key" ON "Document"("auditEventId");

-- CreateIndex
CREATE INDEX "Document_dossierId_idx" ON "Document"("dossierId");

-- CreateIndex
CREATE INDEX "Document_sha256_idx" ON "Document"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Document_seriesId_version_key" ON "Document"("seriesId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Installation_installationId_key" ON "Installation"("installationId");

-- CreateIndex
CREATE INDEX "ReportingObligation_ownerUnitCode_idx" ON "ReportingObligation"("ownerUnitCode");

-- CreateIndex
CREATE INDEX "ReportingPeriodTask_obligationId_idx" ON "ReportingPeriodTask"("obligationId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportingPeriodTask_obligationId_periodKey_reporter_key" ON "ReportingPeriodTask"("obligationId", "periodKey", "reporter");

-- CreateIndex
CREATE INDEX "ReportingTaskEvent_taskId_idx" ON "ReportingTaskEvent"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "CriteriaMark_unitCode_setId_criterion_asOf_source_sourceRef_key" ON "CriteriaMark"("unitCode", "setId", "criterion", "asOf", "source", "sourceRef");
