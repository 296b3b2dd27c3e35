import { withGuard } from "@/server/http/with-guard";
import { receiveHistoryImport } from "./history-import-handler";

export const dynamic = "force-dynamic";

export const POST = withGuard<{ boardId: string }>("history.import", receiveHistoryImport);
