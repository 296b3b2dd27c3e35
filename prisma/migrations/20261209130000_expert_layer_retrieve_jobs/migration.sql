-- AlterTable
ALTER TABLE "ExpertAnnotation" ADD COLUMN     "points" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "RemoteRetrieval" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'receiving',
    "received" INTEGER NOT NULL DEFAULT 0,
    "expected" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RemoteRetrieval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RemoteRetrieval_userId_startedAt_idx" ON "RemoteRetrieval"("userId", "startedAt");
