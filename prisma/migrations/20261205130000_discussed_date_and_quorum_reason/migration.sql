-- AlterTable
ALTER TABLE "AgendaItem" ADD COLUMN "discussedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN "quorumOverrideReason" TEXT;
