import { guardRoute } from "@/server/api/route-guard";
import { serveSlideInfo, SLIDE_ROUTE_POLICY } from "../../slide-handlers";

export async function GET(_request: Request, { params }: { params: Promise<{ slideId: string }> }) {
  const ids = await params;
  const ctx = await guardRoute(SLIDE_ROUTE_POLICY, { slideId: ids.slideId });
  return ctx instanceof Response ? ctx : serveSlideInfo(ctx, ids);
}
