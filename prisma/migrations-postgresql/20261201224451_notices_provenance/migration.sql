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

-- CreateIndex
CREATE UNIQUE INDEX "CriteriaMark_unitCode_setId_criterion_asOf_source_sourceRef_key" ON "CriteriaMark"("unitCode", "setId", "criterion", "asOf", "source", "sourceRef");
