-- CreateTable
CREATE TABLE "ExpertAnnotation" (
    "id" TEXT NOT NULL,
    "shareId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "seriesInstanceUid" TEXT NOT NULL,
    "sopInstanceUid" TEXT,
    "values" JSONB NOT NULL,
    "text" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertAnnotation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExpertAnnotation_shareId_createdAt_idx" ON "ExpertAnnotation"("shareId", "createdAt");

-- AddForeignKey
ALTER TABLE "ExpertAnnotation" ADD CONSTRAINT "ExpertAnnotation_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "ExpertShare"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
