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
