import { z } from "zod";
import { idSchema } from "@/server/api/id-schema";
import { download } from "@/server/http/download";
import { withGuard } from "@/server/http/with-guard";
import { letterPdf } from "@/server/services/documents/letters";

export const dynamic = "force-dynamic";

const letterQuery = z.object({
  decisionId: z.string({ error: "Say which decision the letter is about (decisionId)." }).pipe(idSchema),
  recipient: z.enum(["referrer", "gp"], { error: "recipient must be referrer or gp." }),
});

/** GET /api/cases/{caseId}/letter?decisionId=…&recipient=referrer|gp: the letter as a PDF. */
export const GET = withGuard<{ caseId: string }>("case.letter", async ({ db, user, request, params }) => {
  const query = letterQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return download(await letterPdf(db, user, { caseId: params.caseId, ...query }));
});
