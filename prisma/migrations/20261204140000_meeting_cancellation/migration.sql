-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'MEETING_CANCELLED';


-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3);

