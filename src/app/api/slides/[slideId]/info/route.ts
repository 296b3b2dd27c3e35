import { withGuard } from "@/server/http/with-guard";
import { serveSlideInfo } from "../../slide-handlers";

export const GET = withGuard("slide.info", serveSlideInfo);
