import { guardRoute } from "@/server/api/route-guard";
import { serveSlideTile, SLIDE_ROUTE_POLICY } from "../../../../slide-handlers";

export async function GET(_request: Request, { params }: { params: Promise<{ slideId: string; level: string; tile: string }> }) {
  const ids = await params;
  const ctx = await guardRoute(SLIDE_ROUTE_POLICY, { slideId: ids.slideId });
  return ctx instanceof Response ? ctx : serveSlideTile(ctx, ids);
}
