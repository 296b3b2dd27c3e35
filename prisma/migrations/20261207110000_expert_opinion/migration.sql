-- Issue 15, part 1: a case shared with an outside expert for a second opinion, and the expert's answer.
-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'EXPERT_OPINION';

-- AlterEnum
ALTER TYPE "AuditGround" ADD VALUE 'EXPERT_SHARE';

-- CreateTable
CREATE TABLE "ExpertShare" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "expertName" TEXT NOT NULL,
    "expertEmail" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "studyInstanceUids" TEXT[],
    "slideIds" TEXT[],
    "decisionId" TEXT,
    "identifiable" BOOLEAN NOT NULL DEFAULT false,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    "codeHash" TEXT,
    "codeExpiresAt" TIMESTAMP(3),
    "codeFailures" INTEGER NOT NULL DEFAULT 0,
    "codesSent" INTEGER NOT NULL DEFAULT 0,
    "sessionHash" TEXT,
    "sessionExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertShare_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertOpinion" (
    "id" TEXT NOT NULL,
    "shareId" TEXT NOT NULL,
    "agreesWithPlan" BOOLEAN NOT NULL,
    "alternative" TEXT NOT NULL DEFAULT '',
    "reasons" TEXT NOT NULL DEFAULT '',
    "comment" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertOpinion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExpertShare_tokenHash_key" ON "ExpertShare"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "ExpertShare_sessionHash_key" ON "ExpertShare"("sessionHash");

-- CreateIndex
CREATE INDEX "ExpertShare_caseId_createdAt_idx" ON "ExpertShare"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExpertOpinion_shareId_key" ON "ExpertOpinion"("shareId");

-- AddForeignKey
ALTER TABLE "ExpertShare" ADD CONSTRAINT "ExpertShare_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertShare" ADD CONSTRAINT "ExpertShare_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertShare" ADD CONSTRAINT "ExpertShare_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertOpinion" ADD CONSTRAINT "ExpertOpinion_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "ExpertShare"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

