import type { PrismaClient } from "@/generated/prisma/client";
import { clearStagingArea, slideStoreRoot } from "./slide-store";

export const INTERRUPTED_IMPORT = "The import was interrupted (the server stopped before the conversion ended). Upload the slide again.";

/**
 * For start-up, before the server takes requests: imports still CONVERTING belong to a process that is gone. Their
 * rows become FAILED with a message saying so, and the staging area (half-written pyramids, uploads) is emptied.
 * Only for a single server process per slide store: another live process's imports would be cut off too.
 */
export async function recoverInterruptedImports(db: PrismaClient, root = slideStoreRoot()): Promise<number> {
  const { count } = await db.slide.updateMany({
    where: { importStatus: { in: ["PENDING", "CONVERTING"] } },
    data: { importStatus: "FAILED", importError: INTERRUPTED_IMPORT },
  });
  await clearStagingArea(root);
  return count;
}
