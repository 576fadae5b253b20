-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "kind" TEXT,
ADD COLUMN     "predecessorsComplete" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "validFrom" TEXT,
ADD COLUMN     "validTo" TEXT,
ADD COLUMN     "validitySource" TEXT;

-- CreateTable
CREATE TABLE "UnitLink" (
    "unitCode" TEXT NOT NULL,
    "predecessorCode" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UnitLink_pkey" PRIMARY KEY ("unitCode","predecessorCode")
);

-- CreateTable
CREATE TABLE "CriteriaSetVersion" (
    "id" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "inUse" BOOLEAN NOT NULL DEFAULT false,
    "batchId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CriteriaSetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UnitLink_predecessorCode_idx" ON "UnitLink"("predecessorCode");

-- CreateIndex
CREATE INDEX "CriteriaSetVersion_setId_idx" ON "CriteriaSetVersion"("setId");

-- CreateIndex
CREATE UNIQUE INDEX "CriteriaSetVersion_setId_version_key" ON "CriteriaSetVersion"("setId", "version");

-- AddForeignKey
ALTER TABLE "UnitLink" ADD CONSTRAINT "UnitLink_unitCode_fkey" FOREIGN KEY ("unitCode") REFERENCES "Unit"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
