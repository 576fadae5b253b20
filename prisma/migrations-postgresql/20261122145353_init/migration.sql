-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Unit" (
    "code" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentCode" TEXT,
    "communeGroup" INTEGER,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Dossier" (
    "id" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "planYear" INTEGER NOT NULL,
    "criteriaSetId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "nextDeadline" TIMESTAMP(3),
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "decisionNumber" TEXT,
    "decisionDate" TEXT,
    "state" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dossier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimelineEntry" (
    "eventId" TEXT NOT NULL,
    "dossierId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "fromStage" TEXT NOT NULL,
    "toStage" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "comment" TEXT,

    CONSTRAINT "TimelineEntry_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "AuditRecord" (
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorUnit" TEXT,
    "onBehalfOf" TEXT,
    "action" TEXT NOT NULL,
    "dossierId" TEXT,
    "criterion" TEXT,
    "before" TEXT,
    "after" TEXT,
    "comment" TEXT,
    "documents" TEXT NOT NULL DEFAULT '[]',
    "workflowId" TEXT,
    "runId" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditRecord_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "dossierId" TEXT,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "department" TEXT,
    "delegatedBy" TEXT,
    "validFrom" TIMESTAMP(3),
    "validTo" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "unitCode" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Unit_parentCode_idx" ON "Unit"("parentCode");

-- CreateIndex
CREATE INDEX "Unit_level_idx" ON "Unit"("level");

-- CreateIndex
CREATE INDEX "Dossier_unitCode_idx" ON "Dossier"("unitCode");

-- CreateIndex
CREATE INDEX "Dossier_stage_idx" ON "Dossier"("stage");

-- CreateIndex
CREATE INDEX "Dossier_planYear_idx" ON "Dossier"("planYear");

-- CreateIndex
CREATE INDEX "TimelineEntry_dossierId_idx" ON "TimelineEntry"("dossierId");

-- CreateIndex
CREATE UNIQUE INDEX "TimelineEntry_dossierId_seq_key" ON "TimelineEntry"("dossierId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "AuditRecord_eventId_key" ON "AuditRecord"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditRecord_hash_key" ON "AuditRecord"("hash");

-- CreateIndex
CREATE INDEX "AuditRecord_dossierId_idx" ON "AuditRecord"("dossierId");

-- CreateIndex
CREATE INDEX "AuditRecord_actorId_idx" ON "AuditRecord"("actorId");

-- CreateIndex
CREATE INDEX "AuditRecord_action_idx" ON "AuditRecord"("action");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notification_recipient_idx" ON "Notification"("recipient");

-- CreateIndex
CREATE INDEX "Notification_dossierId_idx" ON "Notification"("dossierId");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "RoleGrant_userId_idx" ON "RoleGrant"("userId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_year_unitCode_key" ON "Plan"("year", "unitCode");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentCode_fkey" FOREIGN KEY ("parentCode") REFERENCES "Unit"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dossier" ADD CONSTRAINT "Dossier_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "Unit"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEntry" ADD CONSTRAINT "TimelineEntry_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
