-- The patient's GP and the case's referring physician become editable, with an e-mail address and a revision each.
ALTER TABLE "Patient" ADD COLUMN "gpPractice" TEXT,
ADD COLUMN "gpEmail" TEXT,
ADD COLUMN "gpRevision" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Case" ADD COLUMN "referringPhysicianSpecialty" TEXT,
ADD COLUMN "referringPhysicianEmail" TEXT,
ADD COLUMN "referringPhysicianRevision" INTEGER NOT NULL DEFAULT 0;
