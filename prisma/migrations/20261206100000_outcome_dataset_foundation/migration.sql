-- The outcome dataset's foundation: outcomes named after mCODE (treatment given, disease status, progression,
-- vital status), versioned like decisions; external ids for idempotent imports; the researcher role; the board's
-- follow-up schedule and the tasks it raises; the estimate shown when a decision is signed.

ALTER TYPE "Role" ADD VALUE 'RESEARCHER';
ALTER TYPE "TaskKind" ADD VALUE 'OUTCOME_DUE';

CREATE TYPE "OutcomeTreatment" AS ENUM ('SURGERY', 'SYSTEMIC_THERAPY', 'RADIOTHERAPY', 'OTHER');
CREATE TYPE "TreatmentDeviationReason" AS ENUM ('PATIENT_CHOICE', 'FITNESS', 'PROGRESSION', 'OTHER');
CREATE TYPE "DiseaseStatus" AS ENUM ('NO_EVIDENCE_OF_DISEASE', 'RESPONDING', 'STABLE', 'PROGRESSING', 'NOT_ASSESSED');
CREATE TYPE "DiseaseStatusEvidence" AS ENUM ('IMAGING', 'PATHOLOGY', 'CLINICAL');
CREATE TYPE "CauseOfDeath" AS ENUM ('CANCER', 'OTHER', 'UNKNOWN');
CREATE TYPE "RecordSource" AS ENUM ('ENTERED', 'CSV_IMPORT', 'FHIR_IMPORT', 'DEMO');

-- Old kinds map onto the new ones: a response or stable disease is a disease status with that value.
CREATE TYPE "OutcomeKind_new" AS ENUM ('TREATMENT', 'DISEASE_STATUS', 'PROGRESSION', 'RECURRENCE', 'ALIVE', 'DEATH', 'LOST_TO_FOLLOW_UP');
ALTER TABLE "Outcome" ADD COLUMN "diseaseStatus" "DiseaseStatus";
UPDATE "Outcome" SET "diseaseStatus" = CASE "kind"::text WHEN 'RESPONSE' THEN 'RESPONDING'::"DiseaseStatus" WHEN 'STABLE_DISEASE' THEN 'STABLE'::"DiseaseStatus" END
  WHERE "kind"::text IN ('RESPONSE', 'STABLE_DISEASE');
ALTER TABLE "Outcome" ALTER COLUMN "kind" TYPE "OutcomeKind_new" USING (
  CASE "kind"::text WHEN 'TREATMENT_STARTED' THEN 'TREATMENT' WHEN 'RESPONSE' THEN 'DISEASE_STATUS' WHEN 'STABLE_DISEASE' THEN 'DISEASE_STATUS' ELSE "kind"::text END
)::"OutcomeKind_new";
DROP TYPE "OutcomeKind";
ALTER TYPE "OutcomeKind_new" RENAME TO "OutcomeKind";

ALTER TABLE "Outcome"
  ADD COLUMN "endedOn" DATE,
  ADD COLUMN "treatment" "OutcomeTreatment",
  ADD COLUMN "treatmentIntent" "TreatmentIntent",
  ADD COLUMN "followedRecommendation" BOOLEAN,
  ADD COLUMN "deviationReason" "TreatmentDeviationReason",
  ADD COLUMN "evidence" "DiseaseStatusEvidence"[] DEFAULT ARRAY[]::"DiseaseStatusEvidence"[],
  ADD COLUMN "causeOfDeath" "CauseOfDeath",
  ADD COLUMN "lineageId" TEXT,
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "supersededById" TEXT,
  ADD COLUMN "correctionReason" TEXT,
  ADD COLUMN "retractedAt" TIMESTAMP(3),
  ADD COLUMN "externalId" TEXT,
  ADD COLUMN "source" "RecordSource" NOT NULL DEFAULT 'ENTERED';
UPDATE "Outcome" SET "treatment" = 'OTHER' WHERE "kind" = 'TREATMENT';
UPDATE "Outcome" SET "causeOfDeath" = 'UNKNOWN' WHERE "kind" = 'DEATH';
UPDATE "Outcome" SET "lineageId" = "id";
ALTER TABLE "Outcome" ALTER COLUMN "lineageId" SET NOT NULL;
ALTER TABLE "Outcome" ALTER COLUMN "evidence" SET NOT NULL;
CREATE UNIQUE INDEX "Outcome_supersededById_key" ON "Outcome"("supersededById");
CREATE UNIQUE INDEX "Outcome_lineageId_version_key" ON "Outcome"("lineageId", "version");
CREATE UNIQUE INDEX "Outcome_externalId_key" ON "Outcome"("externalId");
CREATE INDEX "Outcome_patientId_occurredOn_idx" ON "Outcome"("patientId", "occurredOn");
CREATE INDEX "Outcome_decisionId_idx" ON "Outcome"("decisionId");
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_supersededById_fkey" FOREIGN KEY ("supersededById") REFERENCES "Outcome"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Case" ADD COLUMN "externalId" TEXT, ADD COLUMN "source" "RecordSource" NOT NULL DEFAULT 'ENTERED';
CREATE UNIQUE INDEX "Case_boardId_externalId_key" ON "Case"("boardId", "externalId");

ALTER TABLE "Decision" ADD COLUMN "estimateAtSigning" JSONB;
CREATE INDEX "Decision_status_signedAt_idx" ON "Decision"("status", "signedAt");

ALTER TABLE "Board"
  ADD COLUMN "treatmentStartWeeks" INTEGER NOT NULL DEFAULT 6,
  ADD COLUMN "followUpMonths" INTEGER[] DEFAULT ARRAY[3, 6, 12, 24, 60]::INTEGER[];
ALTER TABLE "Board" ALTER COLUMN "followUpMonths" SET NOT NULL;

ALTER TABLE "FollowUpTask" ADD COLUMN "outcomeCheckpoint" TEXT;
CREATE UNIQUE INDEX "FollowUpTask_decisionId_outcomeCheckpoint_key" ON "FollowUpTask"("decisionId", "outcomeCheckpoint");
