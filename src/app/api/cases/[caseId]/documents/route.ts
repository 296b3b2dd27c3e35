import { withGuard } from "@/server/http/with-guard";
import { receiveCaseDocument } from "./document-handlers";

export const dynamic = "force-dynamic";

export const POST = withGuard<{ caseId: string }>("case.document.upload", receiveCaseDocument);
