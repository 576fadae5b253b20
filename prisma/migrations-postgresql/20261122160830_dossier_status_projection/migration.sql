-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN     "status" TEXT NOT NULL DEFAULT '{}';
