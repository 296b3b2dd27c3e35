-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "reviewReason" TEXT;

