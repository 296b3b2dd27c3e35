-- Images retrieved from another hospital's DICOMweb node remember that node's name (shown on the timeline).
ALTER TABLE "ImagingStudy" ADD COLUMN "sourceNode" TEXT;
ALTER TABLE "QuarantinedStudy" ADD COLUMN "sourceNode" TEXT;
