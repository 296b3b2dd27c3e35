-- A DICOMweb peer: another PACS reading the boards' studies with a hashed, revocable credential.
CREATE TABLE "DicomwebPeer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "boardIds" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "DicomwebPeer_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "DicomwebPeer_name_key" ON "DicomwebPeer"("name");
CREATE UNIQUE INDEX "DicomwebPeer_tokenHash_key" ON "DicomwebPeer"("tokenHash");
