import { guardRoute } from "@/server/api/route-guard";
import { receiveSlideUpload, SLIDE_UPLOAD_POLICY } from "../slide-handlers";

// Uploads stream to disk and may take minutes.
export const maxDuration = 3600;

export async function POST(request: Request) {
  const patientId = new URL(request.url).searchParams.get("patientId") ?? "";
  const ctx = await guardRoute(SLIDE_UPLOAD_POLICY, { patientId });
  return ctx instanceof Response ? ctx : receiveSlideUpload(ctx, request);
}
