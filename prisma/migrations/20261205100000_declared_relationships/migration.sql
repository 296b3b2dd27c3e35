-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'RELATIONSHIP_DECLARED';

-- CreateEnum
CREATE TYPE "RelationshipKind" AS ENUM ('TREATING_PHYSICIAN', 'SECOND_OPINION', 'OTHER');

-- CreateTable
CREATE TABLE "DeclaredRelationship" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "caseId" TEXT,
    "kind" "RelationshipKind" NOT NULL,
    "statement" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMP(3),
    "reviewedById" TEXT,

    CONSTRAINT "DeclaredRelationship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientLookup" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "patientId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PatientLookup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeclaredRelationship_reviewedAt_createdAt_idx" ON "DeclaredRelationship"("reviewedAt", "createdAt");

-- CreateIndex
CREATE INDEX "DeclaredRelationship_patientId_idx" ON "DeclaredRelationship"("patientId");

-- CreateIndex
CREATE INDEX "PatientLookup_userId_at_idx" ON "PatientLookup"("userId", "at");

-- AddForeignKey
ALTER TABLE "DeclaredRelationship" ADD CONSTRAINT "DeclaredRelationship_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclaredRelationship" ADD CONSTRAINT "DeclaredRelationship_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclaredRelationship" ADD CONSTRAINT "DeclaredRelationship_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientLookup" ADD CONSTRAINT "PatientLookup_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientLookup" ADD CONSTRAINT "PatientLookup_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
