import { guardRoute } from "@/server/api/route-guard";
import { hasRecentGrant, rememberGrant } from "@/server/api/recent-grants";
import { getPrisma } from "@/server/db";
import { serveSlideTile, SLIDE_ROUTE_POLICY } from "../../../../slide-handlers";

export async function GET(request: Request, { params }: { params: Promise<{ slideId: string; level: string; tile: string }> }) {
  const ids = await params;
  const resource = `slide:${ids.slideId}`;
  // Tiles come in bursts: the full guard runs for the first tile of a session and slide, then once a minute.
  if (hasRecentGrant(request, resource)) return serveSlideTile({ db: await getPrisma() }, ids);
  const ctx = await guardRoute(SLIDE_ROUTE_POLICY, { slideId: ids.slideId });
  if (ctx instanceof Response) return ctx;
  rememberGrant(request, resource);
  return serveSlideTile(ctx, ids);
}
