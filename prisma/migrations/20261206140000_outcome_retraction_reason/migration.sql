-- A withdrawn outcome ("entered in error") keeps the reason it was withdrawn for, shown in its history.
ALTER TABLE "Outcome" ADD COLUMN "retractionReason" TEXT;
