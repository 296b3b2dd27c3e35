-- CreateIndex
CREATE INDEX "Decision_stageGroup_signedAt_idx" ON "Decision"("stageGroup", "signedAt");

-- CreateIndex
CREATE INDEX "Decision_histology_signedAt_idx" ON "Decision"("histology", "signedAt");
