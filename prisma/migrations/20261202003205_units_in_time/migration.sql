-- CreateTable
CREATE TABLE "UnitLink" (
    "unitCode" TEXT NOT NULL,
    "predecessorCode" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("unitCode", "predecessorCode"),
    CONSTRAINT "UnitLink_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "Unit" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CriteriaSetVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "setId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "inUse" BOOLEAN NOT NULL DEFAULT false,
    "batchId" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Unit" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "level" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentCode" TEXT,
    "communeGroup" INTEGER,
    "gsoCode" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "validitySource" TEXT,
    "kind" TEXT,
    "predecessorsComplete" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Unit_parentCode_fkey" FOREIGN KEY ("parentCode") REFERENCES "Unit" ("code") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Unit" ("code", "communeGroup", "gsoCode", "level", "name", "parentCode") SELECT "code", "communeGroup", "gsoCode", "level", "name", "parentCode" FROM "Unit";
DROP TABLE "Unit";
ALTER TABLE "new_Unit" RENAME TO "Unit";
CREATE INDEX "Unit_parentCode_idx" ON "Unit"("parentCode");
CREATE INDEX "Unit_level_idx" ON "Unit"("level");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UnitLink_predecessorCode_idx" ON "UnitLink"("predecessorCode");

-- CreateIndex
CREATE INDEX "CriteriaSetVersion_setId_idx" ON "CriteriaSetVersion"("setId");

-- CreateIndex
CREATE UNIQUE INDEX "CriteriaSetVersion_setId_version_key" ON "CriteriaSetVersion"("setId", "version");
