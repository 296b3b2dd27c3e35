-- CreateEnum
CREATE TYPE "QuarantineStatus" AS ENUM ('OPEN', 'ATTACHED', 'DISCARDED');

-- CreateEnum
CREATE TYPE "SlideImportStatus" AS ENUM ('PENDING', 'CONVERTING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "AnnotationKind" AS ENUM ('RECTANGLE', 'FREEHAND');

-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "findingCode" JSONB,
ADD COLUMN     "findingSiteCode" JSONB,
ADD COLUMN     "segmentNumber" INTEGER,
ADD COLUMN     "sourceSopInstanceUid" TEXT,
ADD COLUMN     "trackingId" TEXT,
ADD COLUMN     "trackingUid" TEXT;

-- AlterTable
ALTER TABLE "Slide" ADD COLUMN     "importError" TEXT,
ADD COLUMN     "importProgress" DOUBLE PRECISION NOT NULL DEFAULT 1,
ADD COLUMN     "importStatus" "SlideImportStatus" NOT NULL DEFAULT 'READY',
ADD COLUMN     "levelCount" INTEGER,
ADD COLUMN     "storagePath" TEXT,
ADD COLUMN     "tileFormat" TEXT,
ADD COLUMN     "tileOverlap" INTEGER,
ADD COLUMN     "tileSize" INTEGER;

-- CreateTable
CREATE TABLE "DicomSeries" (
    "id" TEXT NOT NULL,
    "imagingStudyId" TEXT NOT NULL,
    "seriesInstanceUid" TEXT NOT NULL,
    "modality" TEXT NOT NULL,
    "seriesNumber" INTEGER,
    "description" TEXT NOT NULL DEFAULT '',
    "numberOfInstances" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DicomSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DicomInstance" (
    "id" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "sopInstanceUid" TEXT NOT NULL,
    "sopClassUid" TEXT NOT NULL,
    "instanceNumber" INTEGER,
    "numberOfFrames" INTEGER NOT NULL DEFAULT 1,
    "transferSyntaxUid" TEXT NOT NULL,
    "storagePath" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "metadata" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DicomInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuarantinedStudy" (
    "id" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "dicomPatientId" TEXT NOT NULL,
    "dicomPatientName" TEXT NOT NULL,
    "dicomBirthDate" TEXT,
    "reason" TEXT NOT NULL,
    "candidatePatientId" TEXT,
    "storagePath" TEXT NOT NULL,
    "numberOfInstances" INTEGER NOT NULL,
    "status" "QuarantineStatus" NOT NULL DEFAULT 'OPEN',
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuarantinedStudy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlideAnnotation" (
    "id" TEXT NOT NULL,
    "slideId" TEXT NOT NULL,
    "caseId" TEXT,
    "authorId" TEXT NOT NULL,
    "kind" "AnnotationKind" NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "geometry" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlideAnnotation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DicomSeries_seriesInstanceUid_key" ON "DicomSeries"("seriesInstanceUid");

-- CreateIndex
CREATE INDEX "DicomSeries_imagingStudyId_idx" ON "DicomSeries"("imagingStudyId");

-- CreateIndex
CREATE UNIQUE INDEX "DicomInstance_sopInstanceUid_key" ON "DicomInstance"("sopInstanceUid");

-- CreateIndex
CREATE INDEX "DicomInstance_seriesId_instanceNumber_idx" ON "DicomInstance"("seriesId", "instanceNumber");

-- CreateIndex
CREATE INDEX "QuarantinedStudy_status_createdAt_idx" ON "QuarantinedStudy"("status", "createdAt");

-- CreateIndex
CREATE INDEX "SlideAnnotation_slideId_idx" ON "SlideAnnotation"("slideId");

-- AddForeignKey
ALTER TABLE "DicomSeries" ADD CONSTRAINT "DicomSeries_imagingStudyId_fkey" FOREIGN KEY ("imagingStudyId") REFERENCES "ImagingStudy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DicomInstance" ADD CONSTRAINT "DicomInstance_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "DicomSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlideAnnotation" ADD CONSTRAINT "SlideAnnotation_slideId_fkey" FOREIGN KEY ("slideId") REFERENCES "Slide"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlideAnnotation" ADD CONSTRAINT "SlideAnnotation_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

