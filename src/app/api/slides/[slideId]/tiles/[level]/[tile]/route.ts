import { withGuard } from "@/server/http/with-guard";
import { serveSlideTile } from "../../../../slide-handlers";

export const GET = withGuard("slide.tile", serveSlideTile);
