-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('FOLLOW_UP', 'READINESS_REQUEST', 'RE_DISCUSSION');

-- CreateEnum
CREATE TYPE "TreatmentModality" AS ENUM ('SURGERY', 'SYSTEMIC_THERAPY', 'RADIOTHERAPY', 'CHEMORADIATION', 'ACTIVE_SURVEILLANCE', 'BEST_SUPPORTIVE_CARE', 'FURTHER_DIAGNOSTICS', 'CLINICAL_TRIAL');

-- CreateEnum
CREATE TYPE "AttendanceMode" AS ENUM ('IN_ROOM', 'REMOTE');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('AGENDA_PUBLISHED', 'TASK_ASSIGNED', 'CASE_REFERRED', 'CASE_MOVED', 'DECISION_SIGNED');

-- AlterTable
ALTER TABLE "AgendaItem" ADD COLUMN     "deferredReason" TEXT,
ADD COLUMN     "secondsSpent" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Board" ADD COLUMN     "referralCutoffHours" INTEGER NOT NULL DEFAULT 48;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "attachments" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "ecog" INTEGER,
ADD COLUMN     "ecogRecordedAt" TIMESTAMP(3),
ADD COLUMN     "referringPhysicianAddress" TEXT,
ADD COLUMN     "referringPhysicianName" TEXT,
ADD COLUMN     "waitingReason" TEXT;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "biomarkers" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "correctionReason" TEXT,
ADD COLUMN     "dissents" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "ecog" INTEGER,
ADD COLUMN     "grade" TEXT,
ADD COLUMN     "guidelineConcordant" BOOLEAN,
ADD COLUMN     "guidelineDeviationReason" TEXT,
ADD COLUMN     "histology" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "measurementSummary" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "modalities" "TreatmentModality"[],
ADD COLUMN     "quorate" BOOLEAN,
ADD COLUMN     "quorumMissing" "Specialty"[],
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sequence" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "stageGroupOverrideReason" TEXT,
ADD COLUMN     "trialIdentifier" TEXT;

-- AlterTable
ALTER TABLE "FollowUpTask" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "detail" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "kind" "TaskKind" NOT NULL DEFAULT 'FOLLOW_UP',
ADD COLUMN     "ownerSpecialty" "Specialty",
ADD COLUMN     "readinessKey" TEXT;

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "agendaRevision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "liveSequence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "liveState" JSONB,
ADD COLUMN     "presenterId" TEXT,
ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "startedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "gpAddress" TEXT,
ADD COLUMN     "gpName" TEXT;

-- CreateTable
CREATE TABLE "ReadinessRuleSet" (
    "id" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReadinessRuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "specialty" "Specialty" NOT NULL,
    "mode" "AttendanceMode" NOT NULL DEFAULT 'IN_ROOM',
    "recordedById" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SiteSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SiteSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReadinessRuleSet_boardId_version_key" ON "ReadinessRuleSet"("boardId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_meetingId_userId_key" ON "Attendance"("meetingId", "userId");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE INDEX "FollowUpTask_status_dueOn_idx" ON "FollowUpTask"("status", "dueOn");

-- CreateIndex
CREATE INDEX "FollowUpTask_caseId_idx" ON "FollowUpTask"("caseId");

-- AddForeignKey
ALTER TABLE "FollowUpTask" ADD CONSTRAINT "FollowUpTask_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessRuleSet" ADD CONSTRAINT "ReadinessRuleSet_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

