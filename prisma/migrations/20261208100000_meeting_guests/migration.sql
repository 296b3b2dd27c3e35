-- Issue 15, part 2: a guest invited to one meeting, and the board's rule on whether guests count towards quorum.
-- AlterEnum
ALTER TYPE "AuditGround" ADD VALUE 'MEETING_GUEST';

-- AlterTable
ALTER TABLE "Board" ADD COLUMN "guestsCountTowardsQuorum" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "MeetingGuest" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "affiliation" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "specialty" "Specialty",
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
    "joinedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingGuest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MeetingGuest_tokenHash_key" ON "MeetingGuest"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingGuest_sessionHash_key" ON "MeetingGuest"("sessionHash");

-- CreateIndex
CREATE INDEX "MeetingGuest_meetingId_createdAt_idx" ON "MeetingGuest"("meetingId", "createdAt");

-- AddForeignKey
ALTER TABLE "MeetingGuest" ADD CONSTRAINT "MeetingGuest_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingGuest" ADD CONSTRAINT "MeetingGuest_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingGuest" ADD CONSTRAINT "MeetingGuest_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
