import { withGuard } from "@/server/http/with-guard";
import { serveCaseDocument } from "../document-handlers";

export const dynamic = "force-dynamic";

export const GET = withGuard<{ caseId: string; documentId: string }>("case.document.read", serveCaseDocument);
