-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "imageRegions" JSONB NOT NULL DEFAULT '[]';

