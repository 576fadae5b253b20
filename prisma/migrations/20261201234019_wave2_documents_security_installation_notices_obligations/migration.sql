-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastFailureAt" DATETIME,
    "nextAttemptAt" DATETIME,
    "lockedAt" DATETIME
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "key")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "uploadedAt" DATETIME NOT NULL,
    "auditEventId" TEXT NOT NULL,
    "replacedById" TEXT,
    "withdrawnAt" DATETIME,
    "withdrawnBy" TEXT,
    "withdrawReason" TEXT
);

-- CreateTable
CREATE TABLE "Installation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "installationId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "temporalAddress" TEXT,
    "temporalNamespace" TEXT,
    "temporalMarkedAt" DATETIME
);

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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "emailPreference" TEXT NOT NULL DEFAULT 'immediate',
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("active", "createdAt", "displayName", "email", "id", "passwordHash", "username") SELECT "active", "createdAt", "displayName", "email", "id", "passwordHash", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE TABLE "new_CriteriaMark" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitCode" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "criterion" TEXT NOT NULL,
    "met" BOOLEAN NOT NULL,
    "asOf" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'import',
    "sourceRef" TEXT NOT NULL DEFAULT '',
    "dossierId" TEXT,
    "level" TEXT,
    "personId" TEXT,
    "personName" TEXT,
    "role" TEXT,
    "document" TEXT
);
INSERT INTO "new_CriteriaMark" ("asOf", "batchId", "criterion", "id", "met", "recordedAt", "setId", "unitCode") SELECT "asOf", "batchId", "criterion", "id", "met", "recordedAt", "setId", "unitCode" FROM "CriteriaMark";
DROP TABLE "CriteriaMark";
ALTER TABLE "new_CriteriaMark" RENAME TO "CriteriaMark";
CREATE INDEX "CriteriaMark_setId_asOf_idx" ON "CriteriaMark"("setId", "asOf");
CREATE INDEX "CriteriaMark_unitCode_idx" ON "CriteriaMark"("unitCode");
CREATE UNIQUE INDEX "CriteriaMark_unitCode_setId_criterion_asOf_source_sourceRef_key" ON "CriteriaMark"("unitCode", "setId", "criterion", "asOf", "source", "sourceRef");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
