import { withGuard } from "@/server/http/with-guard";
import { receiveSlideUpload } from "../slide-handlers";

// Uploads stream to disk and may take minutes.
export const maxDuration = 3600;

export const POST = withGuard("slide.upload", receiveSlideUpload);
